#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PP_READ_CHUNK (64 * 1024)

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

static ssize_t read_fully(int fd, uint8_t *buffer, size_t size) {
    size_t filled = 0;
    while (filled < size) {
        ssize_t got = read(fd, buffer + filled, size - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) break;
        filled += (size_t)got;
    }
    return (ssize_t)filled;
}

int pp_input_next(pp_input *input, const uint8_t **chunk, size_t *length) {
    if (input->pending > 0) {
        *chunk = input->memory != NULL ? input->memory : input->buffer;
        *length = input->pending;
        input->pending = 0;
        return 0;
    }
    *chunk = input->buffer;
    *length = 0;
    if (input->memory != NULL) return 0;
    ssize_t got = read_fully(input->fd, input->buffer, input->buffer_size);
    if (got < 0) return -1;
    *length = (size_t)got;
    return 0;
}

/* Makes the first bytes available for sniffing without handing them out. */
static int prime_input(pp_input *input, const pp_source *source, pp_error *error) {
    input->fd = source->fd;
    if (source->data != NULL || source->fd < 0) {
        input->memory = source->data != NULL ? source->data : (const uint8_t *)"";
        input->memory_length = source->data != NULL ? source->length : 0;
        input->pending = input->memory_length;
        return PP_OK;
    }
    input->buffer_size = PP_READ_CHUNK;
    input->buffer = malloc(input->buffer_size);
    if (input->buffer == NULL) {
        pp_set_error(error, PP_ERR_NO_MEMORY, "out of memory");
        return PP_ERR_NO_MEMORY;
    }
    ssize_t got = read_fully(input->fd, input->buffer, input->buffer_size);
    if (got < 0) {
        pp_set_error(error, PP_ERR_IO, "read error: %s", strerror(errno));
        return PP_ERR_IO;
    }
    input->pending = (size_t)got;
    return PP_OK;
}

int pp_decoder_open(const pp_source *source, pp_decoder **out, pp_image_info *info, pp_error *error) {
    *out = NULL;
    memset(info, 0, sizeof *info);
    pp_set_error(error, PP_OK, "");
    pp_decoder *decoder = calloc(1, sizeof *decoder);
    if (decoder == NULL) {
        pp_set_error(error, PP_ERR_NO_MEMORY, "out of memory");
        return PP_ERR_NO_MEMORY;
    }
    int status = prime_input(&decoder->input, source, error);
    if (status != PP_OK) {
        pp_decoder_destroy(decoder);
        return status;
    }
    const uint8_t *first = decoder->input.memory != NULL ? decoder->input.memory : decoder->input.buffer;
    pp_format format = pp_sniff(first, decoder->input.pending);
    if (format == PP_FORMAT_UNKNOWN) {
        if (decoder->input.pending == 0) {
            pp_set_error(error, PP_ERR_UNSUPPORTED, "empty file: no image data");
        } else {
            pp_set_error(error, PP_ERR_UNSUPPORTED, "not a JPEG or PNG image");
        }
        pp_decoder_destroy(decoder);
        return PP_ERR_UNSUPPORTED;
    }
    decoder->format = format;
    info->format = format;
    status = format == PP_FORMAT_JPEG ? pp_jpeg_open(&decoder->input, &decoder->jpeg, info, error)
                                      : pp_png_open(&decoder->input, &decoder->png, info, error);
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
    free(decoder->input.buffer);
    free(decoder);
}

void pp_free(void *pointer) { free(pointer); }
