/**
 * Request/response frames matched by {@code ref}: {@link dev.parley.client.request.PendingRequests}
 * (internal), and {@link dev.parley.client.request.ParleyRequestException}, which futures of the
 * client fail with when the server answers with an error, or when a group change was in flight as
 * the connection dropped.
 */
package dev.parley.client.request;
