#include "internal.h"

#include <stdlib.h>
#include <string.h>

void pp_set_error(pp_error *error, int status, const char *format, ...) {
    if (error == NULL) return;
    error->status = status;
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
}

pp_format pp_sniff(const uint8_t *data, size_t length) {
    if (length >= 2 && data[0] == 0xFF && data[1] == 0xD8) return PP_FORMAT_JPEG;
    /* Byte 0 and the line-ending bytes of the PNG signature are checked by libpng, which names the damage. */
    if (length >= 4 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') return PP_FORMAT_PNG;
    return PP_FORMAT_UNKNOWN;
}

int pp_decoder_open(const uint8_t *data, size_t length, pp_decoder **out, pp_image_info *info, pp_error *error) {
    *out = NULL;
    memset(info, 0, sizeof *info);
    pp_set_error(error, PP_OK, "");
    pp_format format = pp_sniff(data, length);
    if (format == PP_FORMAT_UNKNOWN) {
        if (length == 0) {
            pp_set_error(error, PP_ERR_UNSUPPORTED, "empty file: no image data");
        } else {
            pp_set_error(error, PP_ERR_UNSUPPORTED, "not a JPEG or PNG image");
        }
        return PP_ERR_UNSUPPORTED;
    }
    pp_decoder *decoder = calloc(1, sizeof *decoder);
    if (decoder == NULL) {
        pp_set_error(error, PP_ERR_NO_MEMORY, "out of memory");
        return PP_ERR_NO_MEMORY;
    }
    decoder->format = format;
    info->format = format;
    int status = format == PP_FORMAT_JPEG ? pp_jpeg_open(data, length, &decoder->jpeg, info, error)
                                          : pp_png_open(data, length, &decoder->png, info, error);
    if (status != PP_OK) {
        pp_decoder_destroy(decoder);
        return status;
    }
    *out = decoder;
    return PP_OK;
}

int pp_decoder_start(pp_decoder *decoder, const pp_decode_options *options, pp_image_info *info, pp_error *error) {
    return decoder->format == PP_FORMAT_JPEG ? pp_jpeg_start(decoder->jpeg, options, info, error)
                                             : pp_png_start(decoder->png, options, info, error);
}

int pp_decoder_read_rows(pp_decoder *decoder, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                         pp_error *error) {
    return decoder->format == PP_FORMAT_JPEG ? pp_jpeg_read_rows(decoder->jpeg, dst, stride, max_rows, rows_read, error)
                                             : pp_png_read_rows(decoder->png, dst, stride, max_rows, rows_read, error);
}

int pp_decoder_finish(pp_decoder *decoder, pp_error *error) {
    return decoder->format == PP_FORMAT_JPEG ? pp_jpeg_finish(decoder->jpeg, error) : pp_png_finish(decoder->png, error);
}

void pp_decoder_destroy(pp_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->jpeg != NULL) pp_jpeg_destroy(decoder->jpeg);
    if (decoder->png != NULL) pp_png_destroy(decoder->png);
    free(decoder);
}

void pp_free(void *pointer) { free(pointer); }
