/**
 * The terminal chat: a model of rooms and members, a screen renderer and a controller, driven
 * through the Java client. May use {@code cli.tools} and the client.
 */
package dev.redcast.cli.chat;
