package io.cambium.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures stdout, stderr and the exit code. */
final class CliRunner {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private CliRunner() {
    }
}
