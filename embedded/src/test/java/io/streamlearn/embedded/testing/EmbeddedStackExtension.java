package io.streamlearn.embedded.testing;

import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a running Kafka broker and Schema Registry: one {@link EmbeddedStack} per
 * test JVM, started on first use and closed when the test run ends (it lives in the root context's
 * store, which JUnit closes at the end; a shutdown hook covers abnormal ends).
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedStackExtension.class)
 * class FeatureJobIT {
 *   @Test
 *   void shouldComputeFeatures(TestStack stack) {
 *     String input = stack.createTopic("transactions");
 *     ...
 *   }
 * }
 * }</pre>
 *
 * Tests share the broker, so each should work on its own topics ({@link TestStack#createTopic}
 * gives unique names) and consumer groups ({@link TestStack#uniqueName}).
 */
public final class EmbeddedStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestStack.class || type == EmbeddedStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    TestStack stack = stack(context);
    return parameter.getParameter().getType() == EmbeddedStack.class ? stack.stack() : stack;
  }

  /** The shared stack, started on first call in this JVM. */
  public static TestStack stack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestStack.class, type -> start(), TestStack.class);
  }

  private static TestStack start() {
    TestStack stack = new TestStack(EmbeddedStack.start(StackSettings.defaults()));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(stack::close, "streamlearn-test-stack-shutdown"));
    return stack;
  }
}
