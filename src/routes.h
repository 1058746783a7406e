/* routes.h — register every module's routes with the router. */
#ifndef WUSHE_ROUTES_H
#define WUSHE_ROUTES_H
void routes_register_all(void);
#endif
