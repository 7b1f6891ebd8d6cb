#ifndef PP_INTERNAL_H
#define PP_INTERNAL_H

#include "CPlateProofCodecs.h"

#include <stdarg.h>
#include <stdio.h>

/* Encoded input, from memory or read from a descriptor in chunks. */
typedef struct {
    const uint8_t *memory; /* NULL when reading from fd */
    size_t memory_length;
    int fd;
    uint8_t *buffer; /* descriptor chunks */
    size_t buffer_size;
    size_t pending; /* bytes at the start of memory/buffer read (for sniffing) but not handed out yet */
} pp_input;

/*
 * Hands out the next chunk of input: *chunk and *length, 0 length at the end.
 * Returns -1 on a read error.
 */
int pp_input_next(pp_input *input, const uint8_t **chunk, size_t *length);

/* Format-specific state lives behind these; pp_decoder dispatches on format. */
typedef struct pp_jpeg_state pp_jpeg_state;
typedef struct pp_png_state pp_png_state;

struct pp_decoder {
    pp_format format;
    pp_input input;
    pp_jpeg_state *jpeg;
    pp_png_state *png;
};

void pp_set_error(pp_error *error, int status, const char *format, ...);

int pp_jpeg_open(pp_input *input, pp_jpeg_state **out, pp_image_info *info, pp_error *error);
int pp_jpeg_start(pp_jpeg_state *state, const pp_decode_options *options, pp_image_info *info, pp_error *error);
int pp_jpeg_read_rows(pp_jpeg_state *state, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                      pp_error *error);
int pp_jpeg_finish(pp_jpeg_state *state, pp_error *error);
void pp_jpeg_destroy(pp_jpeg_state *state);

int pp_png_open(pp_input *input, pp_png_state **out, pp_image_info *info, pp_error *error);
int pp_png_start(pp_png_state *state, const pp_decode_options *options, pp_image_info *info, pp_error *error);
int pp_png_read_rows(pp_png_state *state, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                     pp_error *error);
int pp_png_finish(pp_png_state *state, pp_error *error);
void pp_png_destroy(pp_png_state *state);

#endif
