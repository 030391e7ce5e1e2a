package dev.puppetengine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./puppet} command line: the jar's entry point. Each subcommand is its own class in this package. */
@Command(
        name = "puppet",
        mixinStandardHelpOptions = true,
        versionProvider = PuppetCli.Version.class,
        description = "Puppet Engine for Java: runs a cast of LLM-driven personas on X, or in the sandbox network.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            ValidateCommand.class,
            ImportElizaCommand.class,
            DoctorCommand.class,
            XLoginCommand.class
        })
public final class PuppetCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code, without exiting (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new PuppetCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PuppetCli.class.getPackage().getImplementationVersion();
            return new String[] {"puppet-engine " + (version == null ? "dev" : version)};
        }
    }
}
