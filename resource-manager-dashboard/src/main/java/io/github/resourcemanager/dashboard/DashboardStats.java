package io.github.resourcemanager.dashboard;

/**
 * A dashboard's counters since it started, as read by {@link Dashboard#stats()}. Immutable.
 *
 * @param clients pages with a live event stream now
 * @param framesPublished samples copied for the watching pages (none while no page watches)
 * @param eventsSent {@code tick} events written to pages, all pages together
 * @param eventsDropped ticks a page did not receive because it had fallen {@value EventHub#QUEUE_CAPACITY}
 *     behind (its oldest waiting tick makes room for the newest)
 * @param requestsRefused requests answered 403: a foreign {@code Host}, a cross-origin event stream or state
 *     change, or a missing or wrong token
 * @param acknowledgements alerts acknowledged through the page
 * @param requestsTimedOut connections closed because their request was not sent whole within the configured
 *     {@link DashboardConfig#requestTimeout() request timeout}
 * @param streamsRefused event streams turned away: beyond {@code maxClients} (503) or beyond
 *     {@code maxStreamsPerClient} for one client address (429)
 */
public record DashboardStats(int clients, long framesPublished, long eventsSent, long eventsDropped,
    long requestsRefused, long acknowledgements, long requestsTimedOut, long streamsRefused) {}
