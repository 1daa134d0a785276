package dev.stepwise.protocol.experiments;

import java.util.List;
import java.util.Map;

/**
 * A structure of a request, checked against its shape: members the request gave, converted (strings; integers and
 * longs as {@link Long}; doubles as {@link Double}; timestamps as {@link Long} epoch milliseconds; lists; maps;
 * structures as {@code Struct}). An absent member is null.
 */
final class Struct {
  private final Map<String, Object> members;

  Struct(Map<String, Object> members) {
    this.members = members;
  }

  boolean has(String member) {
    return members.containsKey(member);
  }

  String string(String member) {
    return (String) members.get(member);
  }

  Integer integer(String member) {
    Long value = (Long) members.get(member);
    return value == null ? null : Math.toIntExact(value);
  }

  Double number(String member) {
    return (Double) members.get(member);
  }

  /** Epoch milliseconds. */
  Long timestamp(String member) {
    return (Long) members.get(member);
  }

  Struct struct(String member) {
    return (Struct) members.get(member);
  }

  @SuppressWarnings("unchecked")
  <T> List<T> list(String member) {
    List<T> value = (List<T>) members.get(member);
    return value == null ? List.of() : value;
  }

  @SuppressWarnings("unchecked")
  <T> Map<String, T> map(String member) {
    Map<String, T> value = (Map<String, T>) members.get(member);
    return value == null ? Map.of() : value;
  }

  <E extends Enum<E>> E enumValue(String member, Class<E> type) {
    String value = string(member);
    return value == null ? null : Enum.valueOf(type, value);
  }
}
