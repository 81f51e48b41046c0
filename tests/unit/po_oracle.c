/* The oracle of errcat's PO writer: libgettextpo's po_file_write (see
 * po_oracle.h). */
#include "po_oracle.h"

#include "base/buf.h"
#include "base/file.h"

#include <gettext-po.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set when libgettextpo reports an error (warnings do not count). */
static int oracle_errors;

static void on_xerror(int severity, po_message_t message, const char *file, size_t line,
                      size_t column, int multiline, const char *text)
{
    (void)message, (void)file, (void)line, (void)column, (void)multiline, (void)text;
    if (severity != PO_SEVERITY_WARNING)
        oracle_errors++;
}

static void on_xerror2(int severity, po_message_t message1, const char *file1, size_t line1,
                       size_t column1, int multiline1, const char *text1, po_message_t message2,
                       const char *file2, size_t line2, size_t column2, int multiline2,
                       const char *text2)
{
    on_xerror(severity, message1, file1, line1, column1, multiline1, text1);
    (void)message2, (void)file2, (void)line2, (void)column2, (void)multiline2, (void)text2;
}

static const struct po_xerror_handler handler = {on_xerror, on_xerror2};

/* One ec_po_message as a libgettextpo message, in the order errcat used to
 * set its parts. */
static void insert(po_message_iterator_t it, const ec_po_message *m)
{
    po_message_t pm = po_message_create();
    if (m->msgctxt)
        po_message_set_msgctxt(pm, m->msgctxt);
    po_message_set_msgid(pm, m->msgid);
    po_message_set_msgstr(pm, m->msgstr);
    if (m->fuzzy)
        po_message_set_fuzzy(pm, 1);
    if (m->prev_msgid)
        po_message_set_prev_msgid(pm, m->prev_msgid);
    if (m->extracted)
        po_message_set_extracted_comments(pm, m->extracted);
    if (m->comments)
        po_message_set_comments(pm, m->comments);
    if (m->c_format)
        po_message_set_format(pm, "c-format", m->c_format > 0);
    if (m->file)
        po_message_add_filepos(pm, m->file, m->line);
    po_message_insert(it, pm);
}

/* po_file_free of libgettextpo 0.21 forgets the msgctxt strings; setting
 * them to NULL frees them. */
static void free_file(po_file_t f)
{
    po_message_iterator_t it = po_message_iterator(f, NULL);
    for (po_message_t m; (m = po_next_message(it)) != NULL;)
        po_message_set_msgctxt(m, NULL);
    po_message_iterator_free(it);
    po_file_free(f);
}

/* Writes `f` to a temporary file and returns its bytes. */
static char *write_and_read(po_file_t f, size_t *len)
{
    const char *t = getenv("TMPDIR");
    char *path = ec_xasprintf("%s/errcat-oracle-XXXXXX", t && *t ? t : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    close(fd);
    oracle_errors = 0;
    po_file_write(f, path, &handler);
    char *data = oracle_errors ? NULL : ec_read_file(path, len);
    unlink(path);
    free(path);
    return data;
}

char *po_oracle_messages(const ec_po_message *m, size_t n, size_t *len)
{
    po_file_t f = po_file_create();
    po_message_iterator_t it = po_message_iterator(f, NULL);
    for (size_t i = 0; i < n; i++)
        insert(it, &m[i]);
    po_message_iterator_free(it);
    char *data = write_and_read(f, len);
    free_file(f);
    return data;
}

/* ec_po_messages() callback: the message into the iterator. */
static void insert_one(void *ctx, const ec_po_message *m)
{
    insert(ctx, m);
}

char *po_oracle_render(const ec_catalog *c, const ec_locale *l, const char *ref_name,
                       long long source_date_epoch, size_t *len)
{
    po_file_t f = po_file_create();
    po_message_iterator_t it = po_message_iterator(f, NULL);
    bool ok = ec_po_messages(c, l, ref_name, source_date_epoch, insert_one, it, NULL);
    po_message_iterator_free(it);
    char *data = ok ? write_and_read(f, len) : NULL;
    free_file(f);
    return data;
}
