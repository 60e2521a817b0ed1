/**
 * Groups as the SDK reports them: what a group request returned ({@link
 * dev.parley.client.group.GroupChange}, {@link dev.parley.client.group.GroupInfoPage}, {@link
 * dev.parley.client.group.ReadByPage}), what happened in a group ({@link
 * dev.parley.client.group.MembershipChange}, {@link dev.parley.client.group.GroupReceipt}) and what
 * this device knows of one ({@link dev.parley.client.group.Group}). The requests themselves are
 * methods of {@link dev.parley.client.ParleyClient}; the package documentation of {@code
 * dev.parley.client} is the guide.
 */
package dev.parley.client.group;
