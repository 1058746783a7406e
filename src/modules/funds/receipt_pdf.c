/*
 * receipt_pdf.c — a donation receipt (捐赠收据) as an A5-landscape PDF
 * (libhpdf) with Debian's WenQuanYi Micro Hei embedded: the issuing
 * charity, the number, the donor as the receipt names them, the fund,
 * the amount in figures and in capitals (人民币大写), the source and the
 * date. A reprint says 副本; a voided receipt says 作废 with the reason.
 * The PDF's Keywords say "original", "copy" or "void" so tests and
 * archives can tell them apart without rendering.
 *
 * The font, the document's keywords and the composite glyphs' parts are
 * core/pdf.h's.
 */
#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdf.h"
#include "modules/funds/donation.h"


int fund_receipt_pdf_render(const struct fund_receipt_doc *d, char **out, size_t *len, struct err *e)
{
	struct pdf p;
	if (pdf_open(&p,
		     d->void_reason ? (d->copy ? "donation-receipt void copy" : "donation-receipt void original")
		     : d->copy      ? "donation-receipt copy"
				    : "donation-receipt original",
		     d->number, e))
		return e->code;
	HPDF_Font font = p.font;
	HPDF_Page page = HPDF_AddPage(p.doc);
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
	pdf_text_right(page, pw - 48, ph - 110, buf);
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
	pdf_text_right(page, pw - 60, 60, buf);

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

	return pdf_finish(&p, out, len, e);
}
