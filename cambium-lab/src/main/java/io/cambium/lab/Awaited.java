package io.cambium.lab;

import java.util.List;

/**
 * Questions whose experiment belongs to another module's issue: the index lists them as missing
 * until an experiment class for them is added to {@link Lab}.
 *
 * @param keys   question keys ("7", "39", "title")
 * @param issue  the issue that delivers the capability and the experiment's entry point
 * @param module the module that will hold it
 * @param what   what the experiment will show
 */
public record Awaited(List<String> keys, int issue, String module, String what) {
}
