/* Keys "<errcode>/<sub_errcode>" (base layer: src/base/key.c). */
#ifndef ERRCAT_BASE_KEY_H
#define ERRCAT_BASE_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The size of a buffer for a key: the longest, "-2147483648/-2147483648",
 * and its NUL. */
#define EC_KEY_MAX 24
/* The size of a buffer for one code in decimal, "-2147483648", and its NUL. */
#define EC_CODE_MAX 12

/* Writes the canonical key "code/sub" into out[EC_KEY_MAX]. */
void ec_key_format(char out[EC_KEY_MAX], int32_t code, int32_t sub);
/* Writes v in decimal into out[EC_CODE_MAX]; returns its length. */
size_t ec_int_format(char out[EC_CODE_MAX], int32_t v);
/* Parses "<errcode>/<sub_errcode>"; false when the key breaks the rule of
 * README "The catalog" (two signed 32-bit decimals without leading zeros). */
bool ec_key_parse(const char *s, size_t n, int32_t *code, int32_t *sub);
int ec_key_cmp(int32_t c1, int32_t s1, int32_t c2, int32_t s2);

#endif
