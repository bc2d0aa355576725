/**
 * Default resource limits. They bound the work one hostile message can cause;
 * the depth and per-multipart part counts are SpamAssassin's own (Message.pm
 * parses 20 levels and stops a multipart at 1000 parts).
 */

/** Largest message the parser accepts; longer input is cut and flagged. */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** Deepest MIME / message/rfc822 nesting that is parsed into a tree. */
export const MAX_MIME_DEPTH = 20;
/** Most parts parsed out of one multipart body. */
export const MAX_MIME_PARTS = 1000;
