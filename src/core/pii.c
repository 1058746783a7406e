/*
 * pii.c — ID and mobile checks and the masks of core/pii.h.
 *
 * Everything works on bytes already trimmed of surrounding white space;
 * masks count UTF-8 characters (a malformed byte counts as one character
 * and is never copied out), so a mask is valid UTF-8 whatever came in.
 */
#include "core/pii.h"

#include <assert.h>
#include <string.h>

#include "core/csv.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"
#include "core/wtime.h"

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n'))
		(*s)++, (*len)--;
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
			(*s)[*len - 1] == '\r' || (*s)[*len - 1] == '\n'))
		(*len)--;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- resident ID ---- */

char pii_id_check_char(const char *d)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(d[i]))
			return 0;
		sum += (d[i] - '0') * weight[i];
	}
	return "10X98765432"[sum % 11];
}

/* Province-level codes of GB/T 2260, plus 71 Taiwan, 81 Hong Kong, 82 Macao
 * and 83 (residence permits for Taiwan residents). */
static int province_ok(int p)
{
	static const int codes[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
				    35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
				    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i] == p)
			return 1;
	return 0;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int bad_id(struct err *e, const char *zh, const char *en)
{
	return err_set(e, ERR_INVALID, "id_number", zh, en);
}

int pii_id_parse(const char *s, size_t len, int64_t now_us, struct pii_id *out, struct err *e)
{
	char n[19];

	trim(&s, &len);
	if (len == 15) {
		int all = 1;
		for (size_t i = 0; i < len; i++)
			all &= is_digit(s[i]);
		if (all)
			return bad_id(e, "15 位旧身份证号码已停用，请填写 18 位号码",
				      "15-digit ID numbers are no longer valid; enter the 18-digit number");
	}
	if (len != 18)
		return err_setf(e, ERR_INVALID, "id_number", "身份证号码应为 18 位（现为 %zu 位）",
				"an ID number has 18 characters (this one has %zu)", len);
	memcpy(n, s, 18);
	n[18] = '\0';
	if (n[17] == 'x')
		n[17] = 'X';
	for (int i = 0; i < 17; i++)
		if (!is_digit(n[i]))
			goto chars;
	if (!is_digit(n[17]) && n[17] != 'X')
		goto chars;

	if (!province_ok(num(n, 2)))
		return bad_id(e, "身份证号码的地区码无效", "the region code of the ID number is invalid");

	int y = num(n + 6, 4), m = num(n + 10, 2), d = num(n + 12, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return err_setf(e, ERR_INVALID, "id_number",
				"身份证号码中的出生日期无效（%.4s-%.2s-%.2s）",
				"the birth date in the ID number is not a real date (%.4s-%.2s-%.2s)",
				n + 6, n + 10, n + 12);
	if (now_us == 0)
		now_us = wtime_now();
	int64_t today = (now_us / WTIME_US + WTIME_SHANGHAI_OFFSET_S) / 86400;
	if (wtime_days_from_civil(y, (unsigned)m, (unsigned)d) > today)
		return bad_id(e, "身份证号码中的出生日期晚于今天",
			      "the birth date in the ID number is in the future");

	if (pii_id_check_char(n) != n[17])
		return bad_id(e, "身份证号码校验位不正确，请核对号码",
			      "the ID number's check character is wrong; check the number");

	if (out) {
		memcpy(out->number, n, sizeof n);
		out->year = y;
		out->month = m;
		out->day = d;
		out->male = (n[16] - '0') % 2;
		out->province = num(n, 2);
	}
	return 0;
chars:
	return bad_id(e, "身份证号码前 17 位应为数字，最后一位为数字或 X",
		      "an ID number is 17 digits followed by a digit or X");
}

/* ---- mobile ---- */

int pii_mobile_normalize(const char *s, size_t len, char out[12], struct err *e)
{
	char d[24];
	size_t nd = 0;
	int plus = 0;

	trim(&s, &len);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '-')
			continue;
		if (c == '+' && nd == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (!is_digit(c) || nd == sizeof d - 1)
			goto bad;
		d[nd++] = c;
	}
	d[nd] = '\0';
	const char *p = d;
	if (nd == 15 && memcmp(d, "0086", 4) == 0 && !plus)
		p += 4, nd -= 4;
	else if (nd == 13 && memcmp(d, "86", 2) == 0)
		p += 2, nd -= 2;
	else if (plus)
		goto bad; /* another country's number */
	if (nd != 11 || p[0] != '1' || p[1] < '3')
		goto bad;
	memcpy(out, p, 11);
	out[11] = '\0';
	return 0;
bad:
	return err_set(e, ERR_INVALID, "mobile", "手机号码应为 11 位数字，以 13 至 19 开头",
		       "a mobile number has 11 digits starting with 13 to 19");
}

/* ---- masks ---- */

/* Byte length of the UTF-8 character at s (1 for a malformed byte). */
static size_t char_len(const char *s, size_t len)
{
	size_t k = csv_utf8_valid_prefix(s, len < 4 ? len : 4);
	if (k == 0)
		return 1;
	unsigned char c = (unsigned char)s[0];
	size_t want = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return want <= k ? want : 1;
}

static int char_ok(const char *s, size_t n)
{
	return csv_utf8_valid_prefix(s, n) == n;
}

static void add_stars(struct sb *out, size_t n)
{
	while (n--)
		sb_addc(out, '*');
}

/* Keep `head` characters and `tail` characters, star the rest; all stars
 * when there are not more than head + tail characters. */
static void mask_middle(struct sb *out, const char *s, size_t len, size_t head, size_t tail)
{
	size_t nchars = 0;
	for (size_t i = 0; i < len; i += char_len(s + i, len - i))
		nchars++;
	if (nchars <= head + tail) {
		add_stars(out, nchars);
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < len; k++) {
		size_t cl = char_len(s + i, len - i);
		if ((k < head || k >= nchars - tail) && char_ok(s + i, cl))
			sb_add(out, s + i, cl);
		else
			sb_addc(out, '*');
		i += cl;
	}
}

void pii_mask_id(struct sb *out, const char *s, size_t len)
{
	trim(&s, &len);
	mask_middle(out, s, len, 4, 4);
}

void pii_mask_mobile(struct sb *out, const char *s, size_t len)
{
	char n[12];
	trim(&s, &len);
	if (pii_mobile_normalize(s, len, n, NULL) == 0)
		mask_middle(out, n, 11, 3, 4);
	else
		mask_middle(out, s, len, 3, 4);
}

void pii_mask_name(struct sb *out, const char *s, size_t len)
{
	trim(&s, &len);
	if (len == 0)
		return;
	size_t cl = char_len(s, len);
	if (cl == len || !char_ok(s, cl)) {
		sb_addc(out, '*');
		return;
	}
	sb_add(out, s, cl);
	sb_addc(out, '*');
}

/* GB 32100-2015 §4: the alphabet of 31 characters and the weights 3^i mod 31. */
static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int credit_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int pii_credit_code_normalize(const char *s, size_t len, char out[19], struct err *e)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len != 18)
		return err_set(e, ERR_INVALID, "credit_code", "统一社会信用代码应为18位",
			       "a unified social credit code has 18 characters");
	int sum = 0;
	for (size_t i = 0; i < 18; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		const char *p = c ? strchr(credit_alphabet, c) : NULL;
		if (!p)
			return err_set(e, ERR_INVALID, "credit_code",
				       "统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）",
				       "the credit code has an invalid character (I, O, S, V and Z are not used)");
		out[i] = c;
		if (i < 17)
			sum += (int)(p - credit_alphabet) * credit_weights[i];
	}
	out[18] = 0;
	int check = (31 - sum % 31) % 31;
	if (out[17] != credit_alphabet[check])
		return err_set(e, ERR_INVALID, "credit_code", "统一社会信用代码校验位错误",
			       "the credit code's check character is wrong");
	return 0;
}

void pii_kname(struct jw *w, const char *key, const char *name, bool mask)
{
	if (!mask) {
		jw_kstr(w, key, name);
		return;
	}
	struct sb m = SB_INIT;
	pii_mask_name(&m, name ? name : "", name ? strlen(name) : 0);
	jw_kstr(w, key, sb_str(&m));
	sb_free(&m);
}
