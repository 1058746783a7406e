/* points_http.h — the time bank's routes (points_http.c): GET/PUT
 * /point-rules/{region_id}, /me/points, /volunteers/{id}/points,
 * /catalogue, /catalogue/{id}/redeem, /redemptions, /points/transfers,
 * /point-txns/{id}/reverse. */
#ifndef WUSHE_MODULES_VOLUNTEER_POINTS_HTTP_H
#define WUSHE_MODULES_VOLUNTEER_POINTS_HTTP_H

#include "http/http.h"

extern const struct route vol_points_routes[];

#endif
