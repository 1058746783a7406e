/*
 * qr.h — a QR code as an SVG image (libqrencode, Debian's libqrencode-dev):
 * the venue codes of the volunteer area and the certificates' verification
 * links. One <path> of unit squares on a white background with a quiet
 * zone of four modules; the SVG scales to any size (viewBox).
 */
#ifndef WUSHE_CORE_QR_H
#define WUSHE_CORE_QR_H

#include "core/err.h"

struct arena;

/* text (UTF-8, at most 1000 bytes) as an SVG document in a (*svg); error
 * correction level M. ERR_INVALID when the text does not fit. */
int qr_svg(const char *text, struct arena *a, char **svg, struct err *e);

#endif
