/*
 * cert_pdf.c — a certificate of volunteer service as an A4 PDF (libhpdf),
 * with Debian's WenQuanYi Micro Hei embedded for the Chinese text and a QR
 * code (libqrencode) of the public verification address.
 *
 * It prints what Order No. 67 art. 17 asks a certificate to hold — the
 * volunteer's name and number, the service hours and content, the period,
 * the issuing organisation, its person in charge and contact, the
 * certificate number and date — plus the verification code, the QR code
 * and the signature that stands for the seal. A reprint says 副本 (copy);
 * a voided certificate says 作废 VOID with the reason. The PDF's Keywords
 * say "original", "copy" and "void" too, so tests and archives can tell
 * them apart without rendering.
 *
 * libhpdf embeds only the glyphs used (with the parts of composite glyphs,
 * below), so a certificate is about 330 KB; WUSHE_CJK_FONT names another
 * TrueType font (.ttf) or collection (.ttc, its first font).
 */
#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdf.h"
#include "core/sb.h"
#include "modules/volunteer/cert.h"

#define LEFT 64.0f
#define WIDTH 467.0f

/* Length in bytes of the UTF-8 character at s. */
static size_t u8len(const char *s)
{
	unsigned char ch = (unsigned char)*s;
	return ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
}

static bool word_char(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '-' ||
	       ch == '.' || ch == '/' || ch == ':' || ch == '_';
}

/* Punctuation that must not begin a line (，。；：）、 …). */
static bool closing(const char *p)
{
	static const char *const marks[] = {"，", "。", "；", "：", "）", "、", "！", "？", ",", ".", ";", ")", NULL};
	for (int i = 0; marks[i]; i++)
		if (!strncmp(p, marks[i], strlen(marks[i])))
			return true;
	return false;
}

/* Write text from (x, y) wrapped at width, lines lead apart, breaking
 * between characters but not inside a run of Latin letters and digits (a
 * date, a number, an address) and not before closing punctuation; returns
 * the y below the last line. */
static float text_wrap(HPDF_Page page, float x, float y, float width, float lead, const char *text)
{
	struct sb line = SB_INIT;
	const char *p = text;
	while (*p) {
		size_t n = u8len(p);
		size_t keep = line.len;
		sb_add(&line, p, n);
		if (keep && HPDF_Page_TextWidth(page, sb_str(&line)) > width && !closing(p)) {
			/* cut before this character, or before the word it ends */
			size_t cut = keep;
			if (word_char((unsigned char)*p))
				while (cut > 0 && word_char((unsigned char)line.buf[cut - 1]))
					cut--;
			if (cut == 0)
				cut = keep;
			const char *rest = p - (keep - cut);
			line.len = cut;
			line.buf[cut] = 0;
			HPDF_Page_TextOut(page, x, y, sb_str(&line));
			y -= lead;
			sb_reset(&line);
			p = rest;
			continue;
		}
		p += n;
	}
	if (line.len) {
		HPDF_Page_TextOut(page, x, y, sb_str(&line));
		y -= lead;
	}
	sb_free(&line);
	return y;
}

/* The QR code of url with its lower left corner at (x, y), size points wide. */
static int draw_qr(HPDF_Page page, float x, float y, float size, const char *url)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	int n = qr->width, quiet = 2;
	float m = size / (float)(n + 2 * quiet);
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	for (int r = 0; r < n; r++)
		for (int col = 0; col < n; col++)
			if (qr->data[r * n + col] & 1)
				HPDF_Page_Rectangle(page, x + (float)(col + quiet) * m, y + (float)(n - 1 - r + quiet) * m,
						    m, m);
	HPDF_Page_Fill(page);
	QRcode_free(qr);
	return 0;
}

int vol_cert_pdf_render(const struct vol_cert_doc *d, char **out, size_t *len, struct err *e)
{
	struct pdf p;
	if (pdf_open(&p,
		     d->void_reason ? (d->copy ? "volunteer-certificate void copy" : "volunteer-certificate void original")
		     : d->copy      ? "volunteer-certificate copy"
				    : "volunteer-certificate original",
		     d->number, e))
		return e->code;
	HPDF_Font font = p.font;

	HPDF_Page page = HPDF_AddPage(p.doc);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	float pw = HPDF_Page_GetWidth(page), ph = HPDF_Page_GetHeight(page);

	/* frame */
	HPDF_Page_SetRGBStroke(page, 0.62f, 0.11f, 0.11f);
	HPDF_Page_SetLineWidth(page, 2.5f);
	HPDF_Page_Rectangle(page, 30, 30, pw - 60, ph - 60);
	HPDF_Page_Stroke(page);
	HPDF_Page_SetLineWidth(page, 0.8f);
	HPDF_Page_Rectangle(page, 38, 38, pw - 76, ph - 76);
	HPDF_Page_Stroke(page);

	char buf[512];
	HPDF_Page_BeginText(page);
	HPDF_Page_SetRGBFill(page, 0.62f, 0.11f, 0.11f);
	HPDF_Page_SetFontAndSize(page, font, 32);
	pdf_text_center(page, ph - 110, "志愿服务证明");
	HPDF_Page_SetFontAndSize(page, font, 12);
	pdf_text_center(page, ph - 132, "Certificate of Volunteer Service");
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	HPDF_Page_SetFontAndSize(page, font, 11);
	snprintf(buf, sizeof buf, "证明编号：%s", d->number);
	HPDF_Page_TextOut(page, pw - 64 - HPDF_Page_TextWidth(page, buf), ph - 160, buf);

	/* the statement */
	int64_t h = d->minutes / 60, m = d->minutes % 60;
	struct sb body = SB_INIT;
	sb_addf(&body,
		"兹证明 %s（志愿者编号 %s）于 %s 至 %s 期间在%s参加志愿服务，经本组织记录，累计服务时长 %s 小时"
		"（%lld 小时 %lld 分钟）。",
		d->volunteer_name, d->volunteer_number, d->period_from, d->period_to, d->organisation_name, d->hours,
		(long long)h, (long long)m);
	HPDF_Page_SetFontAndSize(page, font, 15);
	float y = text_wrap(page, LEFT + 30, ph - 205, WIDTH - 30, 26, sb_str(&body));
	sb_free(&body);

	/* the statements one by one (Order No. 67 art. 17) */
	static const char *const labels[] = {"志愿者姓名", "志愿者编号", "服务时间", "服务时长",
					     "服务内容", "出具组织", "负责人",   "联系方式",
					     "证明编号", "出具日期"};
	char hours[96], when[64];
	snprintf(hours, sizeof hours, "%s 小时", d->hours);
	snprintf(when, sizeof when, "%s 至 %s", d->period_from, d->period_to);
	const char *values[] = {d->volunteer_name, d->volunteer_number, when,       hours,
				d->content,        d->organisation_name, d->person_in_charge, d->contact,
				d->number,         d->issued_on};
	y -= 14;
	HPDF_Page_SetFontAndSize(page, font, 12);
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		snprintf(buf, sizeof buf, "%s：", labels[i]);
		HPDF_Page_SetRGBFill(page, 0.35f, 0.35f, 0.35f);
		HPDF_Page_TextOut(page, LEFT + 30, y, buf);
		HPDF_Page_SetRGBFill(page, 0, 0, 0);
		y = text_wrap(page, LEFT + 110, y, WIDTH - 110, 19, values[i]) - 3;
	}
	HPDF_Page_SetFontAndSize(page, font, 14);
	HPDF_Page_TextOut(page, LEFT + 30, y - 12, "特此证明。");

	/* the issuer and the date, where a seal goes */
	HPDF_Page_SetFontAndSize(page, font, 13);
	snprintf(buf, sizeof buf, "%s（电子签章）", d->organisation_name);
	HPDF_Page_TextOut(page, pw - 70 - HPDF_Page_TextWidth(page, buf), 250, buf);
	HPDF_Page_TextOut(page, pw - 70 - HPDF_Page_TextWidth(page, d->issued_on), 230, d->issued_on);

	/* the seal: the Ed25519 signature */
	HPDF_Page_SetFontAndSize(page, font, 8.5f);
	HPDF_Page_SetRGBFill(page, 0.62f, 0.11f, 0.11f);
	snprintf(buf, sizeof buf, "签章：%s 以 Ed25519 数字签名签署本证明内容，签名 %.32s…", d->organisation_name,
		 d->signature_hex ? d->signature_hex : "");
	text_wrap(page, LEFT, 205, WIDTH, 12, buf);

	/* how to verify */
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	HPDF_Page_SetFontAndSize(page, font, 13);
	snprintf(buf, sizeof buf, "验证码：%s", d->code);
	HPDF_Page_TextOut(page, LEFT + 120, 150, buf);
	HPDF_Page_SetFontAndSize(page, font, 9);
	HPDF_Page_TextOut(page, LEFT + 120, 132, "扫描二维码或访问下列网址核验本证明（无需登录）：");
	text_wrap(page, LEFT + 120, 118, WIDTH - 120, 11, d->verify_url);
	HPDF_Page_TextOut(page, LEFT + 120, 92, "Verify: scan the code or open the address above.");

	/* copy and void marks */
	if (d->copy) {
		HPDF_Page_SetRGBFill(page, 0.75f, 0.1f, 0.1f);
		HPDF_Page_SetFontAndSize(page, font, 26);
		HPDF_Page_TextOut(page, pw - 140, ph - 105, "副本");
		HPDF_Page_SetFontAndSize(page, font, 9);
		HPDF_Page_TextOut(page, pw - 134, ph - 120, "COPY · 重印");
	}
	if (d->void_reason) {
		/* outlined, so the statements under it stay legible */
		HPDF_Page_SetRGBStroke(page, 0.85f, 0.05f, 0.05f);
		HPDF_Page_SetLineWidth(page, 1.6f);
		HPDF_Page_SetTextRenderingMode(page, HPDF_STROKE);
		HPDF_Page_SetFontAndSize(page, font, 72);
		/* diagonal across the page: rotate 30° about (150, 330) */
		HPDF_Page_SetTextMatrix(page, 0.866f, 0.5f, -0.5f, 0.866f, 130, 330);
		HPDF_Page_ShowText(page, "作废 VOID");
		HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, 0, 0);
		HPDF_Page_SetTextRenderingMode(page, HPDF_FILL);
		HPDF_Page_SetRGBFill(page, 0.85f, 0.05f, 0.05f);
		HPDF_Page_SetFontAndSize(page, font, 11);
		snprintf(buf, sizeof buf, "本证明已作废，作废原因：%s", d->void_reason);
		text_wrap(page, LEFT, 275, WIDTH, 14, buf);
	}
	HPDF_Page_EndText(page);
	if (draw_qr(page, LEFT, 70, 110, d->verify_url))
		p.status = p.status ? p.status : 1;

	return pdf_finish(&p, out, len, e);
}
