package io.socswarm.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.EnsureExceptionHandling;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.KeyValuePairConverter;
import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.ConverterUtil;
import ch.qos.logback.core.pattern.DynamicConverter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * logback's {@link PatternLayout} with every conversion word that can carry outside text escaped
 * by {@link LogEscaper}: the message ({@code %m %msg %message}), MDC values ({@code %X %mdc}),
 * key-value pairs ({@code %kvp}) and the messages of logged exceptions ({@code %ex %xEx %rEx} and
 * their long names, and the exception logback appends when a pattern names none). A stack trace
 * keeps its line breaks between frames; only what the exception's message says is escaped.
 * Because the words themselves are replaced, a configuration cannot forget one by writing
 * {@code %msg} instead of a custom word.
 */
public class EscapingPatternLayout extends PatternLayout {
    private static final Map<String, Supplier<DynamicConverter>> CONVERTERS = converters();

    public EscapingPatternLayout() {
        this.postCompileProcessor = (context, head) -> {
            if (head == null) {
                throw new IllegalArgumentException("cannot process an empty converter chain");
            }
            if (new EnsureExceptionHandling().chainHandlesThrowable(head)) {
                return;
            }
            // As logback's EnsureExceptionHandling does, with the escaping converters.
            boolean packagingData = context instanceof LoggerContext lc && lc.isPackagingDataEnabled();
            ThrowableHandlingConverter exception = packagingData
                    ? new EscapedExtendedThrowableConverter() : new EscapedThrowableConverter();
            Converter<ILoggingEvent> tail = ConverterUtil.findTail(head);
            tail.setNext(exception);
        };
    }

    private static Map<String, Supplier<DynamicConverter>> converters() {
        Map<String, Supplier<DynamicConverter>> map = new HashMap<>(PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP);
        for (String word : List.of("m", "msg", "message")) {
            map.put(word, EscapedMessageConverter::new);
        }
        for (String word : List.of("X", "mdc")) {
            map.put(word, EscapedMdcConverter::new);
        }
        map.put("kvp", EscapedKeyValuePairConverter::new);
        for (String word : List.of("ex", "exception", "throwable")) {
            map.put(word, EscapedThrowableConverter::new);
        }
        for (String word : List.of("xEx", "xException", "xThrowable")) {
            map.put(word, EscapedExtendedThrowableConverter::new);
        }
        for (String word : List.of("rEx", "rootException")) {
            map.put(word, EscapedRootCauseFirstThrowableConverter::new);
        }
        return Map.copyOf(map);
    }

    @Override
    public Map<String, Supplier<DynamicConverter>> getDefaultConverterSupplierMap() {
        return CONVERTERS;
    }

    static final class EscapedMessageConverter extends MessageConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return LogEscaper.escape(super.convert(event));
        }
    }

    static final class EscapedMdcConverter extends MDCConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return LogEscaper.escape(super.convert(event));
        }
    }

    static final class EscapedKeyValuePairConverter extends KeyValuePairConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return LogEscaper.escape(super.convert(event));
        }
    }

    static final class EscapedThrowableConverter extends ThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return super.throwableProxyToString(EscapedThrowableProxy.of(proxy));
        }
    }

    static final class EscapedExtendedThrowableConverter extends ExtendedThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return super.throwableProxyToString(EscapedThrowableProxy.of(proxy));
        }
    }

    static final class EscapedRootCauseFirstThrowableConverter extends RootCauseFirstThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return super.throwableProxyToString(EscapedThrowableProxy.of(proxy));
        }
    }

    /** A logged exception as logback sees it, with its message, its causes' and suppressed ones' escaped. */
    record EscapedThrowableProxy(IThrowableProxy proxy) implements IThrowableProxy {
        static IThrowableProxy of(IThrowableProxy proxy) {
            return proxy == null || proxy instanceof EscapedThrowableProxy ? proxy : new EscapedThrowableProxy(proxy);
        }

        @Override
        public String getOverridingMessage() {
            return LogEscaper.escape(proxy.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return LogEscaper.escape(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return of(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            return suppressed == null ? null
                    : Arrays.stream(suppressed).map(EscapedThrowableProxy::of).toArray(IThrowableProxy[]::new);
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
