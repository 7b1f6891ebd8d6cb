#ifndef C_PLATEPROOF_CODECS_H
#define C_PLATEPROOF_CODECS_H

/*
 * A small C face over libjpeg(-turbo) and libpng.
 *
 * Every setjmp/longjmp the two libraries need stays inside this target: each
 * exported call returns a pp_status and fills a pp_error, so Swift never sees
 * a non-local jump. Only our own structs cross the boundary.
 */

#include <stddef.h>
#include <stdint.h>

typedef enum {
    PP_OK = 0,
    PP_ERR_UNSUPPORTED = 1, /* not a JPEG/PNG, or a variant the libraries cannot decode */
    PP_ERR_CORRUPT = 2,     /* damaged data */
    PP_ERR_TRUNCATED = 3,   /* the data ends before the image does */
    PP_ERR_TOO_LARGE = 4,   /* larger than the libraries or memory allow */
    PP_ERR_MISUSE = 5,      /* calls in the wrong order (a bug on the Swift side) */
    PP_ERR_NO_MEMORY = 6,   /* an allocation failed */
    PP_ERR_IO = 7,          /* reading the file descriptor failed */
} pp_status;

typedef enum {
    PP_FORMAT_UNKNOWN = 0,
    PP_FORMAT_JPEG = 1,
    PP_FORMAT_PNG = 2,
} pp_format;

typedef struct {
    int32_t status;
    char message[200];
} pp_error;

/* What the header says, and after pp_decoder_start, what the output will be. */
typedef struct {
    int32_t format;
    uint32_t width;
    uint32_t height;
    uint32_t output_width;
    uint32_t output_height;
    int32_t progressive;     /* JPEG: progressive or multi-scan */
    int32_t interlaced;      /* PNG: Adam7 */
    int32_t components;      /* stored colour components (PNG: channels before expansion) */
    int32_t bit_depth;
    int32_t has_alpha;       /* PNG: alpha channel or tRNS */
    const uint8_t *exif;     /* TIFF-structured EXIF payload, valid until destroy; NULL if none */
    size_t exif_length;
} pp_image_info;

typedef struct {
    /* JPEG only: decode at 1/scale_denom (1, 2, 4 or 8) in the DCT domain. */
    uint32_t scale_denom;
    /* JPEG only: replicate chroma instead of the smooth "fancy" upsampling. */
    int32_t fast_upsampling;
    /* Colour that transparent PNG pixels are composited over. */
    uint8_t background_r;
    uint8_t background_g;
    uint8_t background_b;
} pp_decode_options;

typedef struct pp_decoder pp_decoder;

/*
 * Where encoded bytes come from: memory (`data`, `length`; fd = -1), or an
 * open file descriptor read in small chunks (data = NULL), so a large file is
 * never held whole. The decoder does not close the descriptor.
 */
typedef struct {
    const uint8_t *data;
    size_t length;
    int fd;
} pp_source;

/* Sniffs the format from the first bytes. */
pp_format pp_sniff(const uint8_t *data, size_t length);

/*
 * Opens a decoder over `source` (memory must outlive the decoder) and reads
 * the header only: no pixel memory is allocated yet, so limits can be checked
 * first. On failure *out is NULL, and info->width/height hold the declared
 * size if the header got that far.
 */
int pp_decoder_open(const pp_source *source, pp_decoder **out, pp_image_info *info, pp_error *error);

/* Starts decompression; fills output_width/height. Allocates decoder buffers. */
int pp_decoder_start(pp_decoder *decoder, const pp_decode_options *options, pp_image_info *info, pp_error *error);

/*
 * Reads up to max_rows rows of RGBX pixels (4 bytes each, X = 255) into dst,
 * `stride` bytes apart. *rows_read is 0 once every row has been read.
 */
int pp_decoder_read_rows(pp_decoder *decoder, uint8_t *dst, size_t stride, uint32_t max_rows, uint32_t *rows_read,
                         pp_error *error);

/* Reads what follows the last row, so damage after the pixels is found too. */
int pp_decoder_finish(pp_decoder *decoder, pp_error *error);

void pp_decoder_destroy(pp_decoder *decoder);

/* ---- Encoding -------------------------------------------------------- */

typedef struct pp_jpeg_encoder pp_jpeg_encoder;

/*
 * Starts a baseline JPEG of width x height RGBX pixels into a growing memory
 * buffer. No metadata is written except the optional APP1 (for test fixtures).
 */
int pp_jpeg_encoder_start(uint32_t width, uint32_t height, int quality, int subsample_420, const uint8_t *app1,
                          size_t app1_length, pp_jpeg_encoder **out, pp_error *error);
int pp_jpeg_encoder_write_rows(pp_jpeg_encoder *encoder, const uint8_t *rows, size_t stride, uint32_t count,
                               pp_error *error);
/* Finishes the file; *data stays valid until the encoder is destroyed. */
int pp_jpeg_encoder_finish(pp_jpeg_encoder *encoder, const uint8_t **data, size_t *length, pp_error *error);
void pp_jpeg_encoder_destroy(pp_jpeg_encoder *encoder);

/*
 * Encodes an 8-bit PNG of `channels` (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA)
 * into a malloc'ed buffer the caller frees with pp_free. An optional eXIf
 * payload (TIFF bytes) is written before the image data.
 */
int pp_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t stride, int interlaced,
                  const uint8_t *exif, size_t exif_length, uint8_t **out, size_t *out_length, pp_error *error);

void pp_free(void *pointer);

#endif
