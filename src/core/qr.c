/* qr.c — see qr.h. */
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "core/arena.h"
#include "core/qr.h"
#include "core/sb.h"

int qr_svg(const char *text, struct arena *a, char **svg, struct err *e)
{
	if (!text || !*text || strlen(text) > 1000)
		return err_set(e, ERR_INVALID, "text", "二维码内容为空或过长", "QR text is empty or too long");
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return err_set(e, errno == ERANGE ? ERR_INVALID : ERR_INTERNAL, "text", "无法生成二维码",
			       "cannot make the QR code");
	int quiet = 4, size = q->width + 2 * quiet;
	struct sb b = SB_INIT;
	sb_addf(&b,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		"<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		size, size, size, size);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				sb_addf(&b, "M%d %dh1v1h-1z", x + quiet, y + quiet);
	sb_adds(&b, "\"/></svg>");
	QRcode_free(q);
	*svg = arena_strndup(a, sb_str(&b), b.len);
	sb_free(&b);
	return 0;
}
