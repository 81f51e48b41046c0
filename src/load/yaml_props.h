/* What the reader and the in-place editor both ask of a libyaml event
 * (loading layer: included by src/load/yaml_load.c and yaml_edit.c only). */
#ifndef ERRCAT_LOAD_YAML_PROPS_H
#define ERRCAT_LOAD_YAML_PROPS_H

#include <yaml.h>

/* The anchor and tag of a scalar, sequence or mapping event (NULL when it
 * has none, and for every other event). */
static inline void ec_yaml_props(const yaml_event_t *e, const yaml_char_t **anchor,
                                 const yaml_char_t **tag)
{
    *anchor = *tag = NULL;
    if (e->type == YAML_SCALAR_EVENT) {
        *anchor = e->data.scalar.anchor;
        *tag = e->data.scalar.tag;
    } else if (e->type == YAML_SEQUENCE_START_EVENT) {
        *anchor = e->data.sequence_start.anchor;
        *tag = e->data.sequence_start.tag;
    } else if (e->type == YAML_MAPPING_START_EVENT) {
        *anchor = e->data.mapping_start.anchor;
        *tag = e->data.mapping_start.tag;
    }
}

#endif
