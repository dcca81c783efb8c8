package io.personaengine.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LOG_FORMAT}: {@code text} for people (logback.xml's pattern, with {@code %taskContext}),
 * {@code json} for log shippers: one JSON object per line with {@code timestamp} (epoch ms),
 * {@code level}, {@code threadName}, {@code loggerName}, {@code mdc}, {@code formattedMessage} and,
 * when there is one, {@code throwable} (logback's own {@link JsonEncoder}; control characters and
 * line breaks inside a message are escaped, so an event never spans two lines).
 *
 * <p>The key may come from a {@code --config} file, so commands switch the format after loading the
 * configuration, not through logback.xml. Does nothing when logback is not the SLF4J binding.
 */
public final class LogFormat {

    public static final String TEXT = "text";
    public static final String JSON = "json";

    /** logback.xml's console pattern; used where no configured text encoder can be copied. */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %-18.18thread %logger{0} - %taskContext%msg%n";

    // console appender -> the text encoder logback.xml gave it, to return to after json
    private static final Map<Appender<ILoggingEvent>, Encoder<ILoggingEvent>> configured = new IdentityHashMap<>();

    private LogFormat() {}

    /** Switches the root logger's console appenders to {@code format}, {@code text} or {@code json}. */
    public static synchronized void apply(String format) {
        boolean json = parse(format);
        LoggerContext context = context();
        if (context == null) {
            return;
        }
        for (Appender<ILoggingEvent> appender : rootAppenders(context)) {
            if (!(appender instanceof ConsoleAppender<ILoggingEvent> console)) {
                continue;
            }
            Encoder<ILoggingEvent> current = console.getEncoder();
            // An event racing the swap is encoded whole by either encoder; none is lost.
            if (json && !(current instanceof JsonEncoder)) {
                configured.put(console, current);
                console.setEncoder(jsonEncoder(context));
            } else if (!json && current instanceof JsonEncoder) {
                Encoder<ILoggingEvent> text = configured.remove(console);
                console.setEncoder(text != null ? text : textEncoder(context, TEXT_PATTERN));
                current.stop();
            }
        }
    }

    /**
     * Sends everything the root logger writes to {@code file} (appended, created with its folders)
     * in {@code format}, and nothing to the console, until {@link Redirect#close()}.
     *
     * @throws UncheckedIOException when the file's folder cannot be created
     */
    public static synchronized Redirect toFile(Path file, String format) {
        boolean json = parse(format);
        LoggerContext context = context();
        if (context == null) {
            return new Redirect(null, List.of(), null, null);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the log file " + file, e);
        }
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        String pattern = TEXT_PATTERN;
        for (Appender<ILoggingEvent> appender : rootAppenders(context)) {
            if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
                consoles.add(console);
                Encoder<ILoggingEvent> text = console.getEncoder() instanceof JsonEncoder
                        ? configured.get(console) : console.getEncoder();
                if (text instanceof ch.qos.logback.classic.encoder.PatternLayoutEncoder patterned) {
                    pattern = patterned.getPattern();
                }
            }
        }
        FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
        fileAppender.setContext(context);
        fileAppender.setName("file");
        fileAppender.setFile(file.toString());
        fileAppender.setAppend(true);
        fileAppender.setEncoder(json ? jsonEncoder(context) : textEncoder(context, pattern));
        fileAppender.start();
        WarningCounter counter = new WarningCounter();
        counter.setContext(context);
        counter.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(fileAppender);
        root.addAppender(counter);
        consoles.forEach(root::detachAppender);
        return new Redirect(root, consoles, fileAppender, counter);
    }

    /** Logs go to a file until closed; then to the console again. */
    public static final class Redirect implements AutoCloseable {

        private final ch.qos.logback.classic.@Nullable Logger root;
        private final List<Appender<ILoggingEvent>> consoles;
        private final @Nullable FileAppender<ILoggingEvent> file;
        private final @Nullable WarningCounter counter;
        private boolean closed;

        private Redirect(ch.qos.logback.classic.@Nullable Logger root, List<Appender<ILoggingEvent>> consoles,
                @Nullable FileAppender<ILoggingEvent> file, @Nullable WarningCounter counter) {
            this.root = root;
            this.consoles = consoles;
            this.file = file;
            this.counter = counter;
        }

        /** Events at WARN or above since the redirect began. */
        public long warnings() {
            return counter == null ? 0 : counter.warnings.get();
        }

        /** Events at ERROR since the redirect began. */
        public long errors() {
            return counter == null ? 0 : counter.errors.get();
        }

        /** Idempotent. */
        @Override
        public void close() {
            synchronized (LogFormat.class) {
                if (closed || root == null) {
                    return;
                }
                closed = true;
                consoles.forEach(root::addAppender);
                root.detachAppender(file);
                root.detachAppender(counter);
                file.stop();
                counter.stop();
            }
        }
    }

    /** Counts WARN and ERROR events, for a view that keeps logs off the console. */
    private static final class WarningCounter extends AppenderBase<ILoggingEvent> {
        final AtomicLong warnings = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                warnings.incrementAndGet();
            }
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                errors.incrementAndGet();
            }
        }
    }

    private static boolean parse(String format) {
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals(TEXT) && !f.equals(JSON)) {
            throw new IllegalArgumentException("LOG_FORMAT must be text or json, got '" + format + "'");
        }
        return f.equals(JSON);
    }

    private static @Nullable LoggerContext context() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? context : null;
    }

    private static List<Appender<ILoggingEvent>> rootAppenders(LoggerContext context) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        it.forEachRemaining(appenders::add);
        return appenders;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false); // the pattern with {} placeholders ...
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true); // ... and its arguments, as one text
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context, String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("taskContext", TaskLogConverter::new);
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
