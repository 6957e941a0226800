/**
 * Classes that break each architecture rule on purpose, one violation each, so that a test can show
 * every rule fails when its violation is planted. Never referenced by the gateway.
 */
package io.firegrid.archfixture;
