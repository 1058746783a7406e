/* scan.c — see scan.h. */
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/scan.h"

const char *scan_type(const void *data, size_t len)
{
	const unsigned char *d = data;
	if (len >= 5 && !memcmp(d, "%PDF-", 5))
		return "application/pdf";
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	return NULL;
}

int scan_prepare(struct arena *a, const char *file_name, const char *fallback, const void *data, size_t len,
		 size_t max, struct scan *out, struct err *e)
{
	if (!len)
		return err_set(e, ERR_INVALID, "file", "请附上文件（扫描件或照片）", "attach the file (a scan or a photo)");
	if (len > max)
		return err_setf(e, ERR_TOO_LARGE, "file", "文件不能超过 %zu MB", "the file may be at most %zu MB",
				max >> 20);
	const char *ct = scan_type(data, len);
	if (!ct)
		return err_set(e, ERR_INVALID, "file", "文件须为 PDF、JPEG 或 PNG", "the file must be a PDF, JPEG or PNG");
	if (!file_name || !*file_name)
		file_name = fallback;
	if (strlen(file_name) > 200)
		return err_set(e, ERR_INVALID, "file_name", "文件名过长", "the file name is too long");
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	char *hex = arena_alloc(a, crypto_hash_sha256_BYTES * 2 + 1);
	sodium_bin2hex(hex, crypto_hash_sha256_BYTES * 2 + 1, h, sizeof h);
	size_t blen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(a, blen);
	sodium_bin2base64(b64, blen, data, len, sodium_base64_VARIANT_ORIGINAL);
	*out = (struct scan){.file_name = file_name, .content_type = ct, .sha256 = hex, .b64 = b64, .size = (int64_t)len};
	return 0;
}

int scan_decode(struct arena *a, const char *b64, int64_t size, const char *field, unsigned char **data,
		size_t *len, struct err *e)
{
	size_t cap = (size_t)(size > 0 ? size : 0) + 4;
	*data = arena_alloc(a, cap);
	if (sodium_base642bin(*data, cap, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL))
		return err_set(e, ERR_INTERNAL, field, "文件已损坏", "the stored file is damaged");
	return 0;
}
