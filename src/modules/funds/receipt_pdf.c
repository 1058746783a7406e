/*
 * receipt_pdf.c — a donation receipt (捐赠收据) as an A5-landscape PDF
 * (libhpdf) with Debian's WenQuanYi Micro Hei embedded: the issuing
 * charity, the number, the donor as the receipt names them, the fund,
 * the amount in figures and in capitals (人民币大写), the source and the
 * date. A reprint says 副本; a voided receipt says 作废 with the reason.
 * The PDF's Keywords say "original", "copy" or "void" so tests and
 * archives can tell them apart without rendering.
 *
 * The parts of composite glyphs that libhpdf 2.3 leaves out are marked
 * used before saving, as src/modules/volunteer/cert_pdf.c does (the same
 * code: that file's function is static to its area; a shared core/pdf
 * would hold it once).
 */
#include <hpdf.h>
#include <hpdf_font.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/funds/donation.h"

#define CJK_FONT "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	(void)detail;
	HPDF_STATUS *st = user;
	if (!*st)
		*st = no;
}

static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static int mark_composite_parts(HPDF_Font font, const char *file)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	if (!fa || !fa->fontdef || fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return 0;
	HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
	FILE *f = fopen(file, "rb");
	if (!f)
		return -1;
	int changed = 1, rc = 0;

	for (int pass = 0; changed && pass < 8 && !rc; pass++) {
		changed = 0;
		for (unsigned gid = 0; gid + 1 < ta->num_glyphs && !rc; gid++) {
			if (ta->glyph_tbl.flgs[gid] != 1)
				continue;
			uint32_t off = ta->glyph_tbl.offsets[gid], end = ta->glyph_tbl.offsets[gid + 1];
			if (ta->header.index_to_loc_format == 0) {
				off *= 2;
				end *= 2;
			}
			if (end <= off + 10)
				continue;
			unsigned char g[2048];
			size_t n = end - off > sizeof g ? sizeof g : end - off;
			if (fseek(f, (long)(ta->glyph_tbl.base_offset + off), SEEK_SET) || fread(g, 1, n, f) != n) {
				rc = -1;
				break;
			}
			if ((int16_t)be16(g) >= 0)
				continue; /* a simple glyph */
			size_t p = 10;
			uint16_t flags;
			do {
				if (p + 4 > n)
					break;
				flags = be16(g + p);
				uint16_t part = be16(g + p + 2);
				p += 4 + ((flags & 0x0001) ? 4 : 2);
				p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
				if (part < ta->num_glyphs && ta->glyph_tbl.flgs[part] != 1) {
					ta->glyph_tbl.flgs[part] = 1;
					changed = 1;

				}
			} while (flags & 0x0020);
		}
	}
	fclose(f);
	return rc;
}

static void text_right(HPDF_Page page, float x, float y, const char *s)
{
	HPDF_Page_TextOut(page, x - HPDF_Page_TextWidth(page, s), y, s);
}

int fund_receipt_pdf_render(const struct fund_receipt_doc *d, char **out, size_t *len, struct err *e)
{
	HPDF_STATUS status = 0;
	*out = NULL;
	*len = 0;
	const char *font_file = getenv("WUSHE_CJK_FONT");
	if (!font_file || !*font_file)
		font_file = CJK_FONT;
	HPDF_Doc pdf = HPDF_New(on_error, &status);
	if (!pdf)
		return err_set(e, ERR_INTERNAL, NULL, "无法生成 PDF", "cannot make the PDF");
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	size_t fl = strlen(font_file);
	const char *fname = fl > 4 && !strcmp(font_file + fl - 4, ".ttc")
				    ? HPDF_LoadTTFontFromFile2(pdf, font_file, 0, HPDF_TRUE)
				    : HPDF_LoadTTFontFromFile(pdf, font_file, HPDF_TRUE);
	HPDF_Font font = fname ? HPDF_GetFont(pdf, fname, "UTF-8") : NULL;
	if (!font) {
		HPDF_Free(pdf);
		return err_setf(e, ERR_INTERNAL, NULL, "找不到中文字体 %s（apt-get install fonts-wqy-microhei）",
				"the CJK font %s is missing (apt-get install fonts-wqy-microhei)", font_file);
	}
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "wushe");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, d->number);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS,
			 d->void_reason ? (d->copy ? "donation-receipt void copy" : "donation-receipt void original")
			 : d->copy      ? "donation-receipt copy"
					: "donation-receipt original");
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A5, HPDF_PAGE_LANDSCAPE);
	float pw = HPDF_Page_GetWidth(page), ph = HPDF_Page_GetHeight(page);

	HPDF_Page_SetRGBStroke(page, 0.62f, 0.11f, 0.11f);
	HPDF_Page_SetLineWidth(page, 1.5f);
	HPDF_Page_Rectangle(page, 24, 24, pw - 48, ph - 48);
	HPDF_Page_Stroke(page);

	char buf[512];
	HPDF_Page_BeginText(page);
	HPDF_Page_SetRGBFill(page, 0.62f, 0.11f, 0.11f);
	HPDF_Page_SetFontAndSize(page, font, 24);
	const char *title = "公益事业捐赠收据";
	HPDF_Page_TextOut(page, (pw - HPDF_Page_TextWidth(page, title)) / 2, ph - 70, title);
	HPDF_Page_SetFontAndSize(page, font, 10);
	const char *sub = "Donation Receipt";
	HPDF_Page_TextOut(page, (pw - HPDF_Page_TextWidth(page, sub)) / 2, ph - 86, sub);
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	HPDF_Page_SetFontAndSize(page, font, 11);
	snprintf(buf, sizeof buf, "No. %s", d->number);
	text_right(page, pw - 48, ph - 110, buf);
	snprintf(buf, sizeof buf, "开具日期：%s", d->issued_on);
	HPDF_Page_TextOut(page, 48, ph - 110, buf);

	const char *labels[] = {"捐赠人", "捐赠项目", "捐赠方式", "金额（小写）", "金额（大写）", "留言"};
	char amount[64];
	snprintf(amount, sizeof amount, "¥ %s 元", d->amount_text);
	const char *values[] = {d->donor_name, d->fund_name, d->source_label, amount, d->amount_words,
				d->message && *d->message ? d->message : "—"};
	float y = ph - 145;
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		HPDF_Page_SetRGBFill(page, 0.35f, 0.35f, 0.35f);
		HPDF_Page_SetFontAndSize(page, font, 12);
		snprintf(buf, sizeof buf, "%s：", labels[i]);
		HPDF_Page_TextOut(page, 60, y, buf);
		HPDF_Page_SetRGBFill(page, 0, 0, 0);
		HPDF_Page_SetFontAndSize(page, font, i == 3 || i == 4 ? 14 : 12);
		snprintf(buf, sizeof buf, "%.200s", values[i]);
		HPDF_Page_TextOut(page, 160, y, buf);
		y -= 26;
	}
	HPDF_Page_SetFontAndSize(page, font, 11);
	HPDF_Page_TextOut(page, 60, y - 4, "感谢您对公益慈善事业的支持！本收据由出具单位依法开具，请妥善保管。");
	HPDF_Page_SetFontAndSize(page, font, 13);
	snprintf(buf, sizeof buf, "出具单位：%s（电子章）", d->issuer_name);
	text_right(page, pw - 60, 60, buf);

	if (d->copy) {
		HPDF_Page_SetRGBFill(page, 0.75f, 0.1f, 0.1f);
		HPDF_Page_SetFontAndSize(page, font, 22);
		HPDF_Page_TextOut(page, pw - 110, ph - 70, "副本");
		HPDF_Page_SetFontAndSize(page, font, 8);
		HPDF_Page_TextOut(page, pw - 106, ph - 82, "COPY · 重印");
	}
	if (d->void_reason) {
		HPDF_Page_SetRGBStroke(page, 0.85f, 0.05f, 0.05f);
		HPDF_Page_SetLineWidth(page, 1.4f);
		HPDF_Page_SetTextRenderingMode(page, HPDF_STROKE);
		HPDF_Page_SetFontAndSize(page, font, 60);
		HPDF_Page_SetTextMatrix(page, 0.9f, 0.42f, -0.42f, 0.9f, 170, 120);
		HPDF_Page_ShowText(page, "作废 VOID");
		HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, 0, 0);
		HPDF_Page_SetTextRenderingMode(page, HPDF_FILL);
		HPDF_Page_SetRGBFill(page, 0.85f, 0.05f, 0.05f);
		HPDF_Page_SetFontAndSize(page, font, 10);
		snprintf(buf, sizeof buf, "本收据已作废，原因：%.300s", d->void_reason);
		HPDF_Page_TextOut(page, 48, 40, buf);
	}
	HPDF_Page_EndText(page);

	if (!status && mark_composite_parts(font, font_file))
		status = 1;
	if (!status && HPDF_SaveToStream(pdf) == HPDF_OK) {
		HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
		char *b = malloc(size ? size : 1);
		HPDF_UINT32 got = size;
		HPDF_STATUS rs = b ? HPDF_ReadFromStream(pdf, (HPDF_BYTE *)b, &got) : HPDF_FAILD_TO_ALLOC_MEM;
		if ((rs == HPDF_OK || rs == HPDF_STREAM_EOF) && got == size) {
			*out = b;
			*len = size;
		} else {
			free(b);
		}
	}
	HPDF_Free(pdf);
	if (!*out)
		return err_setf(e, ERR_INTERNAL, NULL, "PDF 生成失败（libhpdf 错误 0x%04X）",
				"the PDF failed (libhpdf error 0x%04X)", (unsigned)status);
	return 0;
}
