#include "internal.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

struct pp_png_state {
    png_structp png;
    png_infop info;
    pp_input *input;
    const uint8_t *chunk;
    size_t chunk_left;
    jmp_buf jump;
    int status;
    int read_past_end;
    char message[160];
    int started;
    int has_alpha;
    int interlaced;
    uint32_t width;
    uint32_t height;
    uint32_t next_row;
    uint8_t *image; /* whole image, for Adam7 only: its rows are complete only after the last pass */
    png_bytepp image_rows;
    uint8_t background[3];
};

static void on_error(png_structp png, png_const_charp message) {
    pp_png_state *state = png_get_error_ptr(png);
    if (state->read_past_end) {
        state->status = PP_ERR_TRUNCATED;
        snprintf(state->message, sizeof state->message, "file ends before the image does (%s)", message);
    } else {
        state->status = PP_ERR_CORRUPT;
        snprintf(state->message, sizeof state->message, "%s", message);
    }
    longjmp(state->jump, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message; /* ancillary-chunk damage: libpng has already dropped the chunk */
}

static void on_read(png_structp png, png_bytep out, size_t count) {
    pp_png_state *state = png_get_io_ptr(png);
    while (count > 0) {
        if (state->chunk_left == 0) {
            if (pp_input_next(state->input, &state->chunk, &state->chunk_left) != 0) {
                state->status = PP_ERR_IO;
                snprintf(state->message, sizeof state->message, "read error");
                longjmp(state->jump, 1);
            }
            if (state->chunk_left == 0) {
                state->read_past_end = 1;
                png_error(png, "read beyond end of data");
            }
        }
        size_t take = count < state->chunk_left ? count : state->chunk_left;
        memcpy(out, state->chunk, take);
        out += take;
        count -= take;
        state->chunk += take;
        state->chunk_left -= take;
    }
}

static int report(pp_png_state *state, pp_error *error) {
    pp_set_error(error, state->status, "%s", state->message);
    return state->status;
}

/* Chunks we never use; skipping them also skips their decompression (text bombs). */
static const png_byte ignored_chunks[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0";

int pp_png_open(pp_input *input, pp_png_state **out, pp_image_info *info, pp_error *error) {
    pp_png_state *state = calloc(1, sizeof *state);
    if (state == NULL) {
        pp_set_error(error, PP_ERR_NO_MEMORY, "out of memory");
        return PP_ERR_NO_MEMORY;
    }
    *out = state;
    state->input = input;
    state->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, state, on_error, on_warning);
    if (state->png == NULL || (state->info = png_create_info_struct(state->png)) == NULL) {
        pp_set_error(error, PP_ERR_NO_MEMORY, "out of memory");
        return PP_ERR_NO_MEMORY;
    }
    if (setjmp(state->jump)) {
        /* Report the size a damaged file declared, so limits can still name a bomb for what it is. */
        info->width = png_get_image_width(state->png, state->info);
        info->height = png_get_image_height(state->png, state->info);
        return report(state, error);
    }

    png_set_read_fn(state->png, state, on_read);
    /* Size limits are ours to apply, from the header, with a clear error. */
    png_set_user_limits(state->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_keep_unknown_chunks(state->png, PNG_HANDLE_CHUNK_NEVER, ignored_chunks, 5);
    png_read_info(state->png, state->info);

    png_uint_32 width, height;
    int bit_depth, color_type, interlace;
    png_get_IHDR(state->png, state->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    state->width = width;
    state->height = height;
    state->interlaced = interlace != PNG_INTERLACE_NONE;
    state->has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(state->png, state->info, PNG_INFO_tRNS);
    info->width = width;
    info->height = height;
    info->interlaced = state->interlaced;
    info->components = png_get_channels(state->png, state->info);
    info->bit_depth = bit_depth;
    info->has_alpha = state->has_alpha;

    png_uint_32 exif_length = 0;
    png_bytep exif = NULL;
    if (png_get_eXIf_1(state->png, state->info, &exif_length, &exif) != 0 && exif != NULL) {
        info->exif = exif;
        info->exif_length = exif_length;
    }
    return PP_OK;
}

static void composite_row(uint8_t *row, uint32_t width, const uint8_t background[3]) {
    for (uint32_t x = 0; x < width; x++) {
        uint8_t *p = row + 4 * x;
        unsigned a = p[3];
        if (a == 255) continue;
        unsigned inverse = 255 - a;
        p[0] = (uint8_t)((p[0] * a + background[0] * inverse + 127) / 255);
        p[1] = (uint8_t)((p[1] * a + background[1] * inverse + 127) / 255);
        p[2] = (uint8_t)((p[2] * a + background[2] * inverse + 127) / 255);
        p[3] = 255;
    }
}

int pp_png_start(pp_png_state *state, const pp_decode_options *options, pp_image_info *info, pp_error *error) {
    if (state->started) {
        pp_set_error(error, PP_ERR_MISUSE, "decoder already started");
        return PP_ERR_MISUSE;
    }
    state->background[0] = options->background_r;
    state->background[1] = options->background_g;
    state->background[2] = options->background_b;
    if (setjmp(state->jump)) return report(state, error);

    png_structp png = state->png;
    png_infop pinfo = state->info;
    int color_type = png_get_color_type(png, pinfo);
    int bit_depth = png_get_bit_depth(png, pinfo);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, pinfo, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (bit_depth == 16) png_set_strip_16(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (!state->has_alpha) png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, pinfo);
    if (png_get_rowbytes(png, pinfo) != (size_t)state->width * 4) {
        state->status = PP_ERR_UNSUPPORTED;
        snprintf(state->message, sizeof state->message, "unexpected PNG row layout");
        longjmp(state->jump, 1);
    }

    if (state->interlaced) {
        size_t stride = (size_t)state->width * 4;
        state->image = malloc(stride * state->height);
        state->image_rows = malloc(sizeof(png_bytep) * state->height);
        if (state->image == NULL || state->image_rows == NULL) {
            state->status = PP_ERR_TOO_LARGE;
            snprintf(state->message, sizeof state->message, "not enough memory for an interlaced image");
            longjmp(state->jump, 1);
        }
        for (uint32_t y = 0; y < state->height; y++) state->image_rows[y] = state->image + stride * y;
        png_read_image(png, state->image_rows);
    }
    state->started = 1;
    info->output_width = state->width;
    info->output_height = state->height;
    return PP_OK;
}

int pp_png_read_rows(pp_png_state *state, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                     pp_error *error) {
    *rows_read = 0;
    if (!state->started) {
        pp_set_error(error, PP_ERR_MISUSE, "decoder not started");
        return PP_ERR_MISUSE;
    }
    if (setjmp(state->jump)) return report(state, error);

    uint32_t done = 0;
    size_t row_bytes = (size_t)state->width * 4;
    while (done < max_rows && state->next_row < state->height) {
        uint8_t *row = dst + (size_t)done * stride;
        if (state->image != NULL) {
            memcpy(row, state->image + row_bytes * state->next_row, row_bytes);
        } else {
            png_read_row(state->png, row, NULL);
        }
        if (state->has_alpha) composite_row(row, state->width, state->background);
        state->next_row++;
        done++;
    }
    *rows_read = done;
    return PP_OK;
}

int pp_png_finish(pp_png_state *state, pp_error *error) {
    if (!state->started || state->next_row < state->height) {
        pp_set_error(error, PP_ERR_MISUSE, "finish before every row was read");
        return PP_ERR_MISUSE;
    }
    if (setjmp(state->jump)) return report(state, error);
    png_read_end(state->png, NULL);
    state->started = 0;
    return PP_OK;
}

void pp_png_destroy(pp_png_state *state) {
    if (state->png != NULL) png_destroy_read_struct(&state->png, state->info != NULL ? &state->info : NULL, NULL);
    free(state->image_rows);
    free(state->image);
    free(state);
}
