#include "internal.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

typedef struct {
    uint8_t *data;
    size_t length;
    size_t capacity;
    jmp_buf jump;
    char message[160];
} pp_png_sink;

static void on_sink_error(png_structp png, png_const_charp message) {
    pp_png_sink *sink = png_get_error_ptr(png);
    snprintf(sink->message, sizeof sink->message, "%s", message);
    longjmp(sink->jump, 1);
}

static void on_sink_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void on_write(png_structp png, png_bytep bytes, size_t count) {
    pp_png_sink *sink = png_get_io_ptr(png);
    if (count > sink->capacity - sink->length) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (capacity - sink->length < count) capacity *= 2;
        uint8_t *grown = realloc(sink->data, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->length, bytes, count);
    sink->length += count;
}

static void on_flush(png_structp png) { (void)png; }

int pp_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t stride, int interlaced,
                  const uint8_t *exif, size_t exif_length, uint8_t **out, size_t *out_length, pp_error *error) {
    static const int color_types[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                      PNG_COLOR_TYPE_RGB_ALPHA};
    *out = NULL;
    *out_length = 0;
    if (channels < 1 || channels > 4 || width == 0 || height == 0) {
        pp_set_error(error, PP_ERR_MISUSE, "PNG encoder: bad arguments");
        return PP_ERR_MISUSE;
    }
    pp_png_sink *sink = calloc(1, sizeof *sink);
    png_bytepp rows = calloc(height, sizeof(png_bytep));
    png_structp png = NULL;
    png_infop info = NULL;
    int status = PP_ERR_NO_MEMORY;
    if (sink == NULL || rows == NULL) goto done;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, on_sink_error, on_sink_warning);
    if (png == NULL || (info = png_create_info_struct(png)) == NULL) goto done;
    if (setjmp(sink->jump)) {
        status = PP_ERR_CORRUPT;
        pp_set_error(error, status, "PNG encoder: %s", sink->message);
        goto done;
    }
    png_set_write_fn(png, sink, on_write, on_flush);
    png_set_IHDR(png, info, width, height, 8, color_types[channels],
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (exif != NULL && exif_length > 0) png_set_eXIf_1(png, info, (png_uint_32)exif_length, (png_bytep)exif);
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + stride * y);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, info);
    *out = sink->data;
    *out_length = sink->length;
    sink->data = NULL;
    status = PP_OK;
done:
    if (status == PP_ERR_NO_MEMORY) pp_set_error(error, status, "out of memory");
    if (png != NULL) png_destroy_write_struct(&png, info != NULL ? &info : NULL);
    if (sink != NULL) free(sink->data);
    free(sink);
    free(rows);
    return status;
}
