package dev.hotgates.proxy.config;

/** The blocks a directive can stand in. */
public enum Context { MAIN, EVENTS, HTTP, SERVER, LOCATION, UPSTREAM, MAP, TYPES }
