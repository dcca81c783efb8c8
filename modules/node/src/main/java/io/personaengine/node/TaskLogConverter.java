package io.personaengine.node;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.personaengine.core.runner.TaskMdc;
import java.util.Map;

/**
 * {@code %taskContext} in a logback pattern: {@code [task 42 COMMENT persona 7] } on lines logged
 * while a task runs (its {@link TaskMdc} keys), nothing on other lines. The node is left out: the
 * thread name already carries it, and JSON lines have every key.
 */
public final class TaskLogConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String task = mdc.get(TaskMdc.TASK);
        if (task == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(40).append("[task ").append(task);
        String type = mdc.get(TaskMdc.TASK_TYPE);
        if (type != null) {
            out.append(' ').append(type);
        }
        String persona = mdc.get(TaskMdc.PERSONA);
        if (persona != null) {
            out.append(" persona ").append(persona);
        }
        return out.append("] ").toString();
    }
}
