package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a knowledge-base metadata filter as the Bedrock API takes it (RetrievalFilter): an
 * object with exactly one operator, a comparison {@code {"key": .., "value": ..}} or, for
 * {@code andAll} and {@code orAll}, 2 to 5 nested filters.
 */
final class RetrievalFilters {
  static final Set<String> COMPARISONS = Set.of("equals", "notEquals", "greaterThan", "greaterThanOrEquals",
      "lessThan", "lessThanOrEquals", "in", "notIn", "startsWith", "listContains", "stringContains");
  static final Set<String> GROUPS = Set.of("andAll", "orAll");

  private RetrievalFilters() {}

  /** Returns an immutable copy of {@code filter}, failing with the path of the first malformed part. */
  static Map<String, Object> check(String path, Map<String, Object> filter) {
    Map<String, Object> copy = JsonValues.immutableObject(path, filter);
    checkFilter(path, copy);
    return copy;
  }

  private static void checkFilter(String path, Object filter) {
    if (!(filter instanceof Map<?, ?> m) || m.size() != 1) {
      throw Checks.fail(path, "must be an object with exactly one of " + GROUPS + " or " + COMPARISONS);
    }
    Map.Entry<?, ?> e = m.entrySet().iterator().next();
    String op = (String) e.getKey();
    String at = path + "." + op;
    if (GROUPS.contains(op)) {
      if (!(e.getValue() instanceof List<?> list) || list.size() < 2 || list.size() > 5) {
        throw Checks.fail(at, "must be an array of 2 to 5 filters");
      }
      for (int i = 0; i < list.size(); i++) {
        checkFilter(at + "[" + i + "]", list.get(i));
      }
    } else if (COMPARISONS.contains(op)) {
      if (!(e.getValue() instanceof Map<?, ?> attribute) || attribute.size() != 2
          || !(attribute.get("key") instanceof String key) || !attribute.containsKey("value")) {
        throw Checks.fail(at, "must be {\"key\": <metadata key>, \"value\": <value>}");
      }
      if (key.isEmpty() || key.length() > 100) {
        throw Checks.fail(at + ".key", "must be 1 to 100 characters", key);
      }
    } else {
      throw Checks.fail(at, "is not a filter operator; use one of " + GROUPS + " or " + COMPARISONS);
    }
  }
}
