/*
 * pdf.h — a PDF with Chinese text (libhpdf and Debian's WenQuanYi Micro
 * Hei), for the documents areas print: certificates, receipts.
 *
 *     struct pdf p;
 *     if (pdf_open(&p, "donation-receipt copy", d->number, e)) return e->code;
 *     HPDF_Page page = HPDF_AddPage(p.doc);
 *     … HPDF_Page_SetFontAndSize(page, p.font, 12); …
 *     return pdf_finish(&p, out, len, e);
 *
 * pdf_open loads the font (WUSHE_CJK_FONT names another TrueType font or
 * collection, its first font) as UTF-8 and sets the document's creator,
 * title and keywords (the keywords tell an original from a copy or a void
 * one without rendering). pdf_finish embeds the glyphs used with the parts
 * of their composite glyphs (which libhpdf 2.3 leaves out), writes the file
 * into *out (malloc'd, the caller frees) and frees the document; any
 * libhpdf error on the way is reported there, as 500.
 */
#ifndef WUSHE_CORE_PDF_H
#define WUSHE_CORE_PDF_H

#include <hpdf.h>
#include <stddef.h>

#include "core/err.h"

struct pdf {
	HPDF_Doc doc;
	HPDF_Font font;
	const char *font_file;
	HPDF_STATUS status; /* the first libhpdf error, 0 while none */
};

int pdf_open(struct pdf *p, const char *keywords, const char *title, struct err *e);
int pdf_finish(struct pdf *p, char **out, size_t *len, struct err *e);
/* Composite glyphs' parts marked by this thread's last pdf_finish (tests). */
int pdf_parts_marked(void);

/* Text at (x, y) ending at x (right-aligned), centred on the page's width. */
void pdf_text_right(HPDF_Page page, float x, float y, const char *s);
void pdf_text_center(HPDF_Page page, float y, const char *s);

#endif
