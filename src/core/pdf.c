/* pdf.c — see pdf.h. */
#include "core/pdf.h"

#include <hpdf_font.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CJK_FONT "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	(void)detail;
	HPDF_STATUS *st = user;
	if (!*st)
		*st = no;
}

/* libhpdf 2.3 embeds only the glyphs a document uses, but leaves out the
 * parts of a composite glyph — and WenQuanYi Micro Hei builds many
 * characters from parts (间 from 门 and 日): they came out blank or half
 * drawn. Before the document is saved, every used composite glyph's parts
 * are marked used too, reading the glyf table from the font file (OpenType
 * spec, "glyf": flags, glyphIndex, arguments, optional scale), until no new
 * part turns up. This reaches into libhpdf's font record (hpdf_font.h,
 * hpdf_fontdef.h, installed by libhpdf-dev for this purpose). */
static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static _Thread_local int parts_marked; /* by this thread's last pdf_finish (tests) */

int pdf_parts_marked(void) { return parts_marked; }

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
	parts_marked = 0;
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
					parts_marked++;
				}
			} while (flags & 0x0020);
		}
	}
	fclose(f);
	return rc;
}

int pdf_open(struct pdf *p, const char *keywords, const char *title, struct err *e)
{
	memset(p, 0, sizeof *p);
	p->font_file = getenv("WUSHE_CJK_FONT");
	if (!p->font_file || !*p->font_file)
		p->font_file = CJK_FONT;
	p->doc = HPDF_New(on_error, &p->status);
	if (!p->doc)
		return err_set(e, ERR_INTERNAL, NULL, "无法生成 PDF", "cannot make the PDF");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	size_t fl = strlen(p->font_file);
	const char *fname = fl > 4 && !strcmp(p->font_file + fl - 4, ".ttc")
				    ? HPDF_LoadTTFontFromFile2(p->doc, p->font_file, 0, HPDF_TRUE)
				    : HPDF_LoadTTFontFromFile(p->doc, p->font_file, HPDF_TRUE);
	p->font = fname ? HPDF_GetFont(p->doc, fname, "UTF-8") : NULL;
	if (!p->font) {
		HPDF_Free(p->doc);
		p->doc = NULL;
		return err_setf(e, ERR_INTERNAL, NULL, "找不到中文字体 %s（apt-get install fonts-wqy-microhei）",
				"the CJK font %s is missing (apt-get install fonts-wqy-microhei)", p->font_file);
	}
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "wushe");
	if (title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
	if (keywords)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS, keywords);
	return 0;
}

int pdf_finish(struct pdf *p, char **out, size_t *len, struct err *e)
{
	*out = NULL;
	*len = 0;
	if (!p->status && mark_composite_parts(p->font, p->font_file))
		p->status = 1;
	if (!p->status && HPDF_SaveToStream(p->doc) == HPDF_OK) {
		HPDF_UINT32 size = HPDF_GetStreamSize(p->doc);
		char *b = malloc(size ? size : 1);
		HPDF_UINT32 got = size;
		HPDF_STATUS rs = b ? HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)b, &got) : HPDF_FAILD_TO_ALLOC_MEM;
		if ((rs == HPDF_OK || rs == HPDF_STREAM_EOF) && got == size) {
			*out = b;
			*len = size;
		} else {
			free(b);
		}
	}
	HPDF_Free(p->doc);
	p->doc = NULL;
	if (!*out)
		return err_setf(e, ERR_INTERNAL, NULL, "PDF 生成失败（libhpdf 错误 0x%04X）",
				"the PDF failed (libhpdf error 0x%04X)", (unsigned)p->status);
	return 0;
}

void pdf_text_right(HPDF_Page page, float x, float y, const char *s)
{
	HPDF_Page_TextOut(page, x - HPDF_Page_TextWidth(page, s), y, s);
}

void pdf_text_center(HPDF_Page page, float y, const char *s)
{
	float w = HPDF_Page_TextWidth(page, s);
	HPDF_Page_TextOut(page, (HPDF_Page_GetWidth(page) - w) / 2, y, s);
}
