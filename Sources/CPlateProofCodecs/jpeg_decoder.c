#include "internal.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/* A backstop for libjpeg's own buffers (progressive coefficients); header limits come first. */
#define PP_JPEG_MAX_MEMORY (1024L * 1024L * 1024L)
/* Progressive files with thousands of tiny scans are a known CPU bomb. */
#define PP_JPEG_MAX_SCANS 1000

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int status;
    char message[JMSG_LENGTH_MAX];
} pp_jpeg_error_mgr;

typedef struct {
    struct jpeg_source_mgr pub;
    pp_input *input;
} pp_jpeg_source;

struct pp_jpeg_state {
    struct jpeg_decompress_struct cinfo;
    pp_jpeg_error_mgr error;
    pp_jpeg_source source;
    struct jpeg_progress_mgr progress;
    int started;
    int cmyk;
};

static int status_for_error(int code) {
    switch (code) {
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
        return PP_ERR_TOO_LARGE;
    case JERR_BAD_PRECISION:
    case JERR_NOTIMPL:
    case JERR_SOF_UNSUPPORTED:
    case JERR_ARITH_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
        return PP_ERR_UNSUPPORTED;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
        return PP_ERR_TRUNCATED;
    default:
        return PP_ERR_CORRUPT;
    }
}

/*
 * libjpeg recovers from some damage with a warning and goes on (padding the
 * image with grey). Only warnings about bytes outside the image data are
 * harmless; any other means the pixels are not what the file should hold.
 */
static int warning_is_harmless(int code) {
    switch (code) {
    case JWRN_EXTRANEOUS_DATA:
    case JWRN_JFIF_MAJOR:
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:
        return 1;
    default:
        return 0;
    }
}

static void fail(j_common_ptr cinfo, int status) {
    pp_jpeg_error_mgr *error = (pp_jpeg_error_mgr *)cinfo->err;
    error->status = status;
    (*cinfo->err->format_message)(cinfo, error->message);
    longjmp(error->jump, 1);
}

static void on_error_exit(j_common_ptr cinfo) { fail(cinfo, status_for_error(cinfo->err->msg_code)); }

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return; /* trace messages */
    int code = cinfo->err->msg_code;
    if (warning_is_harmless(code)) return;
    fail(cinfo, code == JWRN_JPEG_EOF ? PP_ERR_TRUNCATED : PP_ERR_CORRUPT);
}

static void on_progress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    if (dinfo->input_scan_number > PP_JPEG_MAX_SCANS) {
        pp_jpeg_error_mgr *error = (pp_jpeg_error_mgr *)cinfo->err;
        error->status = PP_ERR_CORRUPT;
        snprintf(error->message, sizeof error->message, "more than %d scans in a progressive JPEG",
                 PP_JPEG_MAX_SCANS);
        longjmp(error->jump, 1);
    }
}

/* ---- Source manager: pulls chunks from pp_input, so files are never read whole. */

static void source_init(j_decompress_ptr cinfo) { (void)cinfo; }

static void source_term(j_decompress_ptr cinfo) { (void)cinfo; }

static boolean source_fill(j_decompress_ptr cinfo) {
    static const JOCTET fake_eoi[2] = {0xFF, JPEG_EOI};
    pp_jpeg_source *source = (pp_jpeg_source *)cinfo->src;
    const uint8_t *chunk;
    size_t length;
    if (pp_input_next(source->input, &chunk, &length) != 0) {
        pp_jpeg_error_mgr *error = (pp_jpeg_error_mgr *)cinfo->err;
        error->status = PP_ERR_IO;
        snprintf(error->message, sizeof error->message, "read error");
        longjmp(error->jump, 1);
    }
    if (length == 0) {
        WARNMS(cinfo, JWRN_JPEG_EOF); /* on_emit_message turns this into a truncation error */
        chunk = fake_eoi;
        length = 2;
    }
    source->pub.next_input_byte = chunk;
    source->pub.bytes_in_buffer = length;
    return TRUE;
}

static void source_skip(j_decompress_ptr cinfo, long count) {
    if (count <= 0) return;
    struct jpeg_source_mgr *source = cinfo->src;
    while ((size_t)count > source->bytes_in_buffer) {
        count -= (long)source->bytes_in_buffer;
        source_fill(cinfo);
    }
    source->next_input_byte += count;
    source->bytes_in_buffer -= (size_t)count;
}

static int report(pp_jpeg_state *state, pp_error *error) {
    pp_set_error(error, state->error.status, "%s", state->error.message);
    return state->error.status;
}

static void read_exif(pp_jpeg_state *state, pp_image_info *info) {
    for (jpeg_saved_marker_ptr marker = state->cinfo.marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 6 + 8) continue;
        if (memcmp(marker->data, "Exif\0", 5) != 0) continue;
        info->exif = marker->data + 6;
        info->exif_length = marker->data_length - 6;
        return;
    }
}

int pp_jpeg_open(pp_input *input, pp_jpeg_state **out, pp_image_info *info, pp_error *error) {
    pp_jpeg_state *state = calloc(1, sizeof *state);
    if (state == NULL) {
        pp_set_error(error, PP_ERR_NO_MEMORY, "out of memory");
        return PP_ERR_NO_MEMORY;
    }
    *out = state;
    state->cinfo.err = jpeg_std_error(&state->error.pub);
    state->error.pub.error_exit = on_error_exit;
    state->error.pub.emit_message = on_emit_message;
    if (setjmp(state->error.jump)) {
        /* Report the size a damaged header declared, so limits can still name a bomb for what it is. */
        info->width = state->cinfo.image_width;
        info->height = state->cinfo.image_height;
        return report(state, error);
    }

    jpeg_create_decompress(&state->cinfo);
    state->cinfo.mem->max_memory_to_use = PP_JPEG_MAX_MEMORY;
    state->progress.progress_monitor = on_progress;
    state->cinfo.progress = &state->progress;
    state->source.input = input;
    state->source.pub.init_source = source_init;
    state->source.pub.fill_input_buffer = source_fill;
    state->source.pub.skip_input_data = source_skip;
    state->source.pub.resync_to_restart = jpeg_resync_to_restart;
    state->source.pub.term_source = source_term;
    state->cinfo.src = &state->source.pub;
    jpeg_save_markers(&state->cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&state->cinfo, TRUE);

    info->width = state->cinfo.image_width;
    info->height = state->cinfo.image_height;
    info->progressive = state->cinfo.progressive_mode ? 1 : 0;
    info->components = state->cinfo.num_components;
    info->bit_depth = state->cinfo.data_precision;
    read_exif(state, info);
    return PP_OK;
}

int pp_jpeg_start(pp_jpeg_state *state, const pp_decode_options *options, pp_image_info *info, pp_error *error) {
    if (state->started) {
        pp_set_error(error, PP_ERR_MISUSE, "decoder already started");
        return PP_ERR_MISUSE;
    }
    if (setjmp(state->error.jump)) return report(state, error);

    struct jpeg_decompress_struct *cinfo = &state->cinfo;
    unsigned denom = options->scale_denom;
    cinfo->scale_num = 1;
    cinfo->scale_denom = (denom == 2 || denom == 4 || denom == 8) ? denom : 1;
    cinfo->do_fancy_upsampling = options->fast_upsampling ? FALSE : TRUE;
    state->cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
    cinfo->out_color_space = state->cmyk ? JCS_CMYK : JCS_EXT_RGBX;
    jpeg_start_decompress(cinfo);
    state->started = 1;
    info->output_width = cinfo->output_width;
    info->output_height = cinfo->output_height;
    return PP_OK;
}

/* Adobe CMYK is stored inverted; without an ICC profile, R = C'K'/255 is the usual naive conversion. */
static void cmyk_to_rgbx(uint8_t *row, JDIMENSION width) {
    for (JDIMENSION x = 0; x < width; x++) {
        uint8_t *p = row + 4 * x;
        unsigned k = p[3];
        p[0] = (uint8_t)((p[0] * k + 127) / 255);
        p[1] = (uint8_t)((p[1] * k + 127) / 255);
        p[2] = (uint8_t)((p[2] * k + 127) / 255);
        p[3] = 255;
    }
}

int pp_jpeg_read_rows(pp_jpeg_state *state, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                      pp_error *error) {
    *rows_read = 0;
    if (!state->started) {
        pp_set_error(error, PP_ERR_MISUSE, "decoder not started");
        return PP_ERR_MISUSE;
    }
    if (setjmp(state->error.jump)) return report(state, error);

    struct jpeg_decompress_struct *cinfo = &state->cinfo;
    uint32_t done = 0;
    while (done < max_rows && cinfo->output_scanline < cinfo->output_height) {
        JSAMPROW rows[16];
        uint32_t want = max_rows - done < 16 ? max_rows - done : 16;
        for (uint32_t i = 0; i < want; i++) rows[i] = dst + (size_t)(done + i) * stride;
        JDIMENSION got = jpeg_read_scanlines(cinfo, rows, want);
        if (state->cmyk) {
            for (JDIMENSION i = 0; i < got; i++) cmyk_to_rgbx(rows[i], cinfo->output_width);
        }
        done += got;
        if (got == 0) break;
    }
    *rows_read = done;
    return PP_OK;
}

int pp_jpeg_finish(pp_jpeg_state *state, pp_error *error) {
    if (!state->started || state->cinfo.output_scanline < state->cinfo.output_height) {
        pp_set_error(error, PP_ERR_MISUSE, "finish before every row was read");
        return PP_ERR_MISUSE;
    }
    if (setjmp(state->error.jump)) return report(state, error);
    jpeg_finish_decompress(&state->cinfo);
    state->started = 0;
    return PP_OK;
}

void pp_jpeg_destroy(pp_jpeg_state *state) {
    jpeg_destroy_decompress(&state->cinfo);
    free(state);
}
