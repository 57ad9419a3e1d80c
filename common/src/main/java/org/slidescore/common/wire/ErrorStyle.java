package org.slidescore.common.wire;

/**
 * The three ways the Slide Score contract reports an application error, always with HTTP 200
 * (slidescore-api.md §1.5). Pick one per endpoint with {@link SlideScoreErrors}.
 */
public enum ErrorStyle {
    /** A bare JSON string body: {@code "<message>"} (RequestUpload, AddSlide, Reimport, FinishUpload). */
    BARE_STRING,
    /** {@code {"success":false,"log":"<message>"}} (UploadResults, UploadASAPAnnotations, ExportASAPAnnotations, ...). */
    SUCCESS_LOG,
    /** {@code {"success":false,"error":"<message>"}} (CreateAnno2, FinishAnno2Upload, ConvertScoreValueToAnno2). */
    SUCCESS_ERROR;

    /** The style used when neither the resource method nor its class is annotated. */
    public static final ErrorStyle DEFAULT = SUCCESS_LOG;
}
