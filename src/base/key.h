/* Keys "<errcode>/<sub_errcode>" (base layer: src/base/key.c). */
#ifndef ERRCAT_BASE_KEY_H
#define ERRCAT_BASE_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the canonical key "code/sub" into out[24]. */
void ec_key_format(char out[24], int32_t code, int32_t sub);
/* Parses "<errcode>/<sub_errcode>"; false when the key breaks SPEC 1. */
bool ec_key_parse(const char *s, size_t n, int32_t *code, int32_t *sub);
int ec_key_cmp(int32_t c1, int32_t s1, int32_t c2, int32_t s2);

#endif
