package dev.stepwise.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * The log's format: Logback's text pattern of logback.xml, or one JSON object per line for log collectors, where an
 * event's key-value pairs (the access log's fields) are fields of the object.
 */
public final class LogFormat {
  private LogFormat() {}

  /** Switches every line from now on to JSON (Logback's JsonEncoder), on standard error as before. */
  public static void useJson() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    FieldsJsonEncoder encoder = new FieldsJsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false); // the pattern with {} ...
    encoder.setWithArguments(false); // ... and its arguments: a collector wants the line as written
    encoder.setWithFormattedMessage(true);
    encoder.setWithKVPList(false); // the pairs are fields of their own (FieldsJsonEncoder)
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("JSON");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }
}
