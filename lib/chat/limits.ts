/**
 * Most messages one catch-up answer carries: a rejoin's acknowledgement (`join_stream` with `since`) and a page of
 * `GET …/chat?after=`, which the SDK asks for at this size (on a cold buffer each page is a database read).
 * Its own module, free of zod, so the SDK can import it.
 */
export const CATCH_UP_LIMIT = 500;
