/*
 * pii.h — personal information: checking and masking Chinese resident ID
 * numbers and mainland mobile numbers, and masking names.
 *
 * Resident ID (GB 11643-1999, 18 characters): six digits of region (the
 * first two a province-level code), eight of birth date, three of sequence
 * (odd for men, even for women), one ISO 7064 MOD 11-2 check character
 * (0-9 or X). pii_id_parse checks all of it: a real date (29 February only in
 * leap years), not before 1900 and not after today in China (UTC+8). It
 * does not check the region against the list of counties, which changes
 * every year. The 15-digit numbers of 1984-1999 are refused with a message
 * saying so; the 2023 foreigners' permanent residence card (starting with 9)
 * is not accepted.
 *
 * Masks are for display and for exports to people who need to recognise a
 * record but not read the number: ID 4401**********1234 (first 4, ten
 * stars, last 4), mobile 138****5678, name 张* (the first character and one
 * star whatever the length, so the length is hidden too; a one-character
 * name is just *). They work on UTF-8 characters, never split one, and
 * degrade to stars for anything malformed. Masking is not anonymisation:
 * keep the full values out of logs and audit records in the first place.
 */
#ifndef WUSHE_CORE_PII_H
#define WUSHE_CORE_PII_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct sb;

struct pii_id {
	char number[19]; /* normalised: 18 characters, check 'X' upper-case */
	int year, month, day;
	int male;        /* 1 male, 0 female */
	int province;    /* first two digits, e.g. 44 */
};

/* Check an ID number (surrounding spaces ignored, 'x' taken as 'X').
 * now_us is "now" for the not-in-the-future rule (0 = the clock). Returns 0
 * and fills *out (may be NULL), or ERR_INVALID with e->field "id_number". */
int pii_id_parse(const char *s, size_t len, int64_t now_us, struct pii_id *out, struct err *e);
/* The check character for 17 digits ('0'-'9' or 'X'); 0 if any is not a digit. */
char pii_id_check_char(const char *digits17);

/* Check a mainland mobile number: optional +86 / 0086 / 86, spaces and
 * dashes anywhere, then 11 digits starting 13-19. Writes the 11 digits and
 * a NUL to out. Returns 0, or ERR_INVALID with e->field "mobile". */
int pii_mobile_normalize(const char *s, size_t len, char out[12], struct err *e);

/* Check a unified social credit code (统一社会信用代码, GB 32100-2015):
 * 18 characters from 0-9 and A-Z without I, O, S, V, Z (lower case taken as
 * upper, surrounding spaces ignored), the last a MOD 31 check character.
 * Writes the normalised code and a NUL to out. Returns 0, or ERR_INVALID
 * with e->field "credit_code". */
int pii_credit_code_normalize(const char *s, size_t len, char out[19], struct err *e);

/* Append the masked form to out. */
void pii_mask_id(struct sb *out, const char *s, size_t len);
void pii_mask_mobile(struct sb *out, const char *s, size_t len);
void pii_mask_name(struct sb *out, const char *s, size_t len);

/* Write the member key: name (NULL: null), masked with pii_mask_name
 * when mask (a person's name shown to a caller who may not see it). */
struct jw;
void pii_kname(struct jw *w, const char *key, const char *name, bool mask);

#endif
