package dev.stepwise.protocol.experiments;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of the API model, as much of it as validation needs.
 *
 * @param type the model's type: structure, list, map, string, integer, long, double, boolean, timestamp
 * @param members a structure's members, name to shape name, in the model's order
 * @param member, key, value the shape names of a list's members and a map's keys and values
 * @param min, max length limits (strings, lists, maps) or value limits (numbers); null when absent
 * @param pattern a string's pattern, matched against the whole value; null when absent
 * @param enumValues a string's allowed values; empty when any
 */
record Shape(
    String name, String type, Map<String, String> members, Set<String> required, String member, String key,
    String value, Long min, Long max, Pattern pattern, List<String> enumValues) {}
