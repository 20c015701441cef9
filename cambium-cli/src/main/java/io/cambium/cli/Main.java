package io.cambium.cli;

import io.cambium.cli.commands.BenchCommand;
import io.cambium.cli.commands.BoardCommand;
import io.cambium.cli.commands.CompressCommand;
import io.cambium.cli.commands.DemoCommand;
import io.cambium.cli.commands.EvaluateCommand;
import io.cambium.cli.commands.PredictCommand;
import io.cambium.cli.commands.RlCommand;
import io.cambium.cli.commands.TrainCommand;
import io.cambium.cli.commands.VisionCommand;
import io.cambium.cli.commands.SummaryCommand;
import io.cambium.cli.commands.tokenizer.TokenizerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.IoErrors;
import io.cambium.nn.io.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

/** The {@code cambium} command: train, evaluate and inspect models from the shell. */
@Command(name = "cambium", mixinStandardHelpOptions = true, version = "cambium 0.1.0",
        description = "Cambium: deep learning on the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
            SummaryCommand.class, BenchCommand.class, TokenizerCommand.class, RlCommand.class, BoardCommand.class,
            CompressCommand.class, VisionCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a user mistake (as picocli's usage errors). */
    public static final int USER_ERROR = 2;
    /** Exit code of an unexpected internal failure. */
    public static final int INTERNAL_ERROR = 1;

    /** The writer over the process's stdout, when running as a program (null in-process). */
    private static volatile PrintWriter processOut;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        processOut = out;
        int code = run(args, out, new PrintWriter(System.err, true));
        System.exit(code);
    }

    /**
     * A print stream for {@code out}: {@code System.out} itself when {@code out} is the process's
     * stdout (so that progress bars can detect the console), else a stream into the writer.
     */
    public static java.io.PrintStream printStream(PrintWriter out) {
        out.flush();
        return out == processOut ? System.out : io.cambium.cli.support.WriterStream.of(out);
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(args);
        } catch (VirtualMachineError e) {
            // picocli hands only Exceptions to the handler: an OutOfMemoryError (a batch or an image
            // too large for the heap) or a StackOverflowError would end in a raw stack trace.
            return report(e, err);
        }
    }

    /** The configured picocli command line (one-line errors, exit code 2 for user mistakes). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            // The full command path, e.g. "cambium tokenizer train".
            String path = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("cambium: " + oneLine(ex.getMessage()) + " (see '" + path + " --help')");
            err.flush();
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, cmdLine, parseResult) -> report(ex, err));
        return cl;
    }

    /** Prints one line for a failure (its stack trace only with CAMBIUM_DEBUG) and returns the exit code. */
    private static int report(Throwable ex, PrintWriter err) {
        err.println("cambium: " + describe(ex));
        if (System.getenv("CAMBIUM_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return isUserError(ex) ? USER_ERROR : INTERNAL_ERROR;
    }

    /**
     * User errors: our own, the library's validation errors (bad file formats, shapes, values),
     * which carry messages naming the file or option at fault, files that cannot be read or
     * written, and a job too large for the memory (a batch size or an image size).
     */
    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException
                || ex instanceof IOException || ex instanceof OutOfMemoryError;
    }

    private static String describe(Throwable ex) {
        if (ex instanceof OutOfMemoryError) {
            long mb = Runtime.getRuntime().maxMemory() >> 20;
            return "out of memory (" + oneLine(ex.getMessage()) + "; the Java heap holds at most " + mb + " MB): use a"
                    + " smaller --batch-size, --image-size or model, or give Java more memory (JAVA_OPTS=-Xmx...)";
        }
        if (ex instanceof StackOverflowError) {
            return "internal error: StackOverflowError (a model nested too deeply?) (set CAMBIUM_DEBUG=1 for the stack trace)";
        }
        if (ex instanceof IOException io && !(ex instanceof InvalidFileException)) {
            return oneLine(io instanceof FileSystemException f && f.getFile() != null
                    ? f.getFile() + ": " + IoErrors.reason(io) : IoErrors.reason(io));
        }
        if (isUserError(ex)) {
            return oneLine(ex.getMessage());
        }
        return "internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage()))
                + " (set CAMBIUM_DEBUG=1 for the stack trace)";
    }

    /**
     * A message as one terminal-safe line: line breaks become "; ", control characters (escape
     * sequences from a hostile file name or file content) are escaped, and it is cut at 2,000
     * characters.
     */
    static String oneLine(String s) {
        return s == null ? "" : Printable.clean(s.replaceAll("\\s*\\R\\s*", "; ").trim());
    }
}
