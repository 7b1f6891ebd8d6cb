#ifndef PP_INTERNAL_H
#define PP_INTERNAL_H

#include "CPlateProofCodecs.h"

#include <stdarg.h>
#include <stdio.h>

/* Format-specific state lives behind these; pp_decoder dispatches on format. */
typedef struct pp_jpeg_state pp_jpeg_state;
typedef struct pp_png_state pp_png_state;

struct pp_decoder {
    pp_format format;
    pp_jpeg_state *jpeg;
    pp_png_state *png;
};

void pp_set_error(pp_error *error, int status, const char *format, ...);

int pp_jpeg_open(const uint8_t *data, size_t length, pp_jpeg_state **out, pp_image_info *info, pp_error *error);
int pp_jpeg_start(pp_jpeg_state *state, const pp_decode_options *options, pp_image_info *info, pp_error *error);
int pp_jpeg_read_rows(pp_jpeg_state *state, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                      pp_error *error);
int pp_jpeg_finish(pp_jpeg_state *state, pp_error *error);
void pp_jpeg_destroy(pp_jpeg_state *state);

int pp_png_open(const uint8_t *data, size_t length, pp_png_state **out, pp_image_info *info, pp_error *error);
int pp_png_start(pp_png_state *state, const pp_decode_options *options, pp_image_info *info, pp_error *error);
int pp_png_read_rows(pp_png_state *state, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                     pp_error *error);
int pp_png_finish(pp_png_state *state, pp_error *error);
void pp_png_destroy(pp_png_state *state);

#endif
