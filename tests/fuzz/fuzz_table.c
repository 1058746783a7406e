/*
 * fuzz_table.c — the import readers (core/tabular.h: CSV and XLSX, the
 * files people upload to /imports and `wushe import`). The first byte picks
 * the format (auto, CSV, XLSX); every record is read to the end.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/tabular.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum tab_format fmt = (enum tab_format)(data[0] % 3);
	struct err e = {0};
	struct tab_reader *r = tab_reader_open((const char *)data + 1, size - 1, fmt, &e);
	if (!r)
		return 0;
	struct tab_record rec;
	long rows = 0;
	int rc;
	while ((rc = tab_reader_next(r, &rec, &e)) != 0 && rows++ < 1000000)
		if (rc < 0 && tab_reader_fatal(r))
			break;
	tab_reader_close(r);
	return 0;
}
