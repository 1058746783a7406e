/* fund_http.h — the funds' routes (fund_http.c): /funds, /funds/{id},
 * its status, members and transfers, /fund-transfers/{id}/reverse. */
#ifndef WUSHE_MODULES_FUNDS_FUND_HTTP_H
#define WUSHE_MODULES_FUNDS_FUND_HTTP_H

#include "http/http.h"

extern const struct route fund_routes[];
extern const struct route fund_donation_routes[]; /* donation_http.c */

#endif
