//! `cuadra`: the command-line reconciliation over the same core as the page.
//!
//! Two forms: `cuadra --libro … --movimientos …` reconciles one closing (`single`), and
//! `cuadra lote CARPETA --salida SALIDA` every closing of a folder (`batch`).
//!
//! Exit codes: 0 when the run happened (whatever it found; for a batch, every closing ran),
//! 2 for unusable input or a bad command line (for a batch: some closing could not run),
//! 1 when an output could not be written.

mod batch;
mod single;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, Parser, Subcommand};

/// The single-closing form, exactly as every message of that form has always ended.
pub(crate) const SINGLE_USAGE: &str = "uso: cuadra --libro ARCHIVO --movimientos ARCHIVO [--novedades ARCHIVO]
              [--ingresos ARCHIVO] [--finiquitos ARCHIVO] [--ausentismos ARCHIVO]
              [--config ARCHIVO.json] [--json SALIDA] [--xlsx SALIDA] [--csv SALIDA]
Se requiere al menos uno de --ingresos, --finiquitos o --ausentismos.
SALIDA puede ser - para la salida estándar. Sin salidas a la salida estándar se imprime un resumen.";

/// The batch form, for its messages.
const BATCH_USAGE: &str = "uso: cuadra lote CARPETA --salida SALIDA [--config ARCHIVO.json]";

/// Both forms, as `--help` shows them.
const USAGE: &str = "uso: cuadra --libro ARCHIVO --movimientos ARCHIVO [--novedades ARCHIVO]
              [--ingresos ARCHIVO] [--finiquitos ARCHIVO] [--ausentismos ARCHIVO]
              [--config ARCHIVO.json] [--json SALIDA] [--xlsx SALIDA] [--csv SALIDA]
Se requiere al menos uno de --ingresos, --finiquitos o --ausentismos.
SALIDA puede ser - para la salida estándar. Sin salidas a la salida estándar se imprime un resumen.
     cuadra lote CARPETA --salida SALIDA [--config ARCHIVO.json]
Concilia cada subcarpeta de CARPETA como un cierre (más en cuadra lote --help).";

/// The help: the usage above, then every option with its Spanish description. clap's own
/// headings and help flag are English, so both are replaced.
const HELP_TEMPLATE: &str = "{usage}\n\n{all-args}";

#[derive(Debug, Parser)]
#[command(
    name = "cuadra",
    override_usage = USAGE,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_help_subcommand = true,
    disable_version_flag = true,
    args_override_self = true,
    args_conflicts_with_subcommands = true,
    subcommand_help_heading = "Comandos",
    subcommand_value_name = "COMANDO"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    closing: ClosingArgs,
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help = "Muestra esta ayuda", help_heading = "Ayuda")]
    help: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Concilia cada subcarpeta de CARPETA como un cierre, en paralelo
    Lote(BatchArgs),
}

/// One closing's files, settings and outputs (docs/interfaces.md).
#[derive(Debug, Default, Args)]
pub(crate) struct ClosingArgs {
    /// Libro de Remuneraciones (obligatorio)
    #[arg(long, value_name = "ARCHIVO", help_heading = "Archivos del cierre")]
    pub libro: Option<PathBuf>,
    /// Movimientos del Mes (obligatorio)
    #[arg(long, value_name = "ARCHIVO", help_heading = "Archivos del cierre")]
    pub movimientos: Option<PathBuf>,
    /// Novedades del analista (opcional)
    #[arg(long, value_name = "ARCHIVO", help_heading = "Archivos del cierre")]
    pub novedades: Option<PathBuf>,
    /// Ingresos informados por el analista
    #[arg(long, value_name = "ARCHIVO", help_heading = "Archivos del cierre")]
    pub ingresos: Option<PathBuf>,
    /// Finiquitos informados por el analista
    #[arg(long, value_name = "ARCHIVO", help_heading = "Archivos del cierre")]
    pub finiquitos: Option<PathBuf>,
    /// Ausentismos informados por el analista
    #[arg(long, value_name = "ARCHIVO", help_heading = "Archivos del cierre")]
    pub ausentismos: Option<PathBuf>,
    /// Configuración y mapeo, con la forma de `configuracion` del documento
    #[arg(long, value_name = "ARCHIVO.json", help_heading = "Configuración")]
    pub config: Option<PathBuf>,
    /// El documento de resultado (JSON)
    #[arg(
        long,
        value_name = "SALIDA",
        help_heading = "Salidas (- es la salida estándar)"
    )]
    pub json: Option<String>,
    /// Resumen y discrepancias en Excel
    #[arg(
        long,
        value_name = "SALIDA",
        help_heading = "Salidas (- es la salida estándar)"
    )]
    pub xlsx: Option<String>,
    /// Discrepancias en CSV (UTF-8 con BOM, separado por ;)
    #[arg(
        long,
        value_name = "SALIDA",
        help_heading = "Salidas (- es la salida estándar)"
    )]
    pub csv: Option<String>,
}

/// `cuadra lote`: a folder of closings.
#[derive(Debug, Args)]
#[command(
    override_usage = BATCH_USAGE,
    help_template = "{usage}\n\n{about}\n\n{all-args}{after-help}",
    about = "Concilia cada subcarpeta de CARPETA como un cierre, todos en paralelo.",
    after_help = batch::AFTER_HELP,
    disable_help_flag = true
)]
pub(crate) struct BatchArgs {
    /// Carpeta con una subcarpeta por cierre
    #[arg(value_name = "CARPETA", help_heading = "Argumentos")]
    pub folder: PathBuf,
    /// Carpeta donde se escriben resumen.json, resumen.csv, resumen.xlsx y un documento por cierre
    #[arg(long, value_name = "SALIDA", help_heading = "Opciones")]
    pub salida: PathBuf,
    /// Configuración para los cierres sin su propio configuracion.json
    #[arg(long, value_name = "ARCHIVO.json", help_heading = "Opciones")]
    pub config: Option<PathBuf>,
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help = "Muestra esta ayuda", help_heading = "Ayuda")]
    help: Option<bool>,
}

/// Why a command stopped, and so which exit code it gets.
pub(crate) enum Failure {
    /// Bad command line or unusable input: exit 2.
    Input(anyhow::Error),
    /// An output could not be written: exit 1.
    Output(anyhow::Error),
}

/// What a caught panic said, for the Spanish line that reports it.
fn panic_detail(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "error desconocido".to_string())
}

fn main() -> ExitCode {
    let batch_form = std::env::args_os().nth(1).is_some_and(|arg| arg == "lote");
    let cli = match Cli::try_parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(error) => {
            return usage_error(
                &error,
                if batch_form {
                    BATCH_USAGE
                } else {
                    SINGLE_USAGE
                },
            )
        }
    };
    let outcome = match &cli.command {
        Some(Command::Lote(args)) => batch::run(args),
        None => single::run(&cli.closing).map(|()| ExitCode::SUCCESS),
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::Input(error)) => {
            eprintln!("cuadra: {error:#}");
            ExitCode::from(2)
        }
        Err(Failure::Output(error)) => {
            eprintln!("cuadra: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// clap's parse errors in the CLI's own Spanish words (the messages the hand-written parser
/// gave before clap), exit 2; `--help` prints the help, exit 0.
fn usage_error(error: &clap::Error, usage: &str) -> ExitCode {
    if error.kind() == ErrorKind::DisplayHelp {
        // The help goes to standard output; nothing to do if that fails.
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    // Every argument clap names in one context (several for missing required ones).
    let args = |kind: ContextKind| -> Vec<String> {
        match error.get(kind) {
            Some(ContextValue::String(text)) => vec![option_name(text)],
            Some(ContextValue::Strings(texts)) => texts.iter().map(|t| option_name(t)).collect(),
            _ => Vec::new(),
        }
        .into_iter()
        .filter(|name| !name.is_empty())
        .collect()
    };
    let arg = |kind: ContextKind| args(kind).join(", ");
    let message = match error.kind() {
        ErrorKind::UnknownArgument => {
            format!("opción desconocida: {}", arg(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "opción desconocida: {}",
                arg(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue | ErrorKind::NoEquals => {
            format!("falta el valor de {}", arg(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => format!("falta {}", arg(ContextKind::InvalidArg)),
        // The only conflict there is: a single-closing option given with `lote`.
        ErrorKind::ArgumentConflict => format!(
            "{} no se puede usar con lote: cada cierre del lote toma sus archivos de su carpeta",
            arg(ContextKind::PriorArg)
        ),
        ErrorKind::InvalidUtf8 => "un argumento no es texto UTF-8".to_string(),
        _ => "línea de órdenes no válida".to_string(),
    };
    eprintln!("cuadra: {message}\n{usage}");
    ExitCode::from(2)
}

/// `--libro <ARCHIVO>` → `--libro`; `<SALIDA>` → `--salida`-less positional names stay.
fn option_name(text: &str) -> String {
    let name = text.split([' ', '=']).next().unwrap_or(text);
    match name
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
    {
        Some(positional) => positional.to_string(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("cuadra").chain(args.iter().copied()))
    }

    #[test]
    fn single_closing_flags_parse_in_both_spellings() {
        let cli =
            parse(&["--libro", "l.xlsx", "--movimientos=m.xlsx", "--json", "-"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.closing.libro, Some(PathBuf::from("l.xlsx")));
        assert_eq!(cli.closing.movimientos, Some(PathBuf::from("m.xlsx")));
        assert_eq!(cli.closing.json.as_deref(), Some("-"));
        // The last of a repeated option wins, as before clap.
        let cli = parse(&["--libro", "a", "--libro", "b"]).expect("parses");
        assert_eq!(cli.closing.libro, Some(PathBuf::from("b")));
    }

    #[test]
    fn the_batch_form_needs_a_folder_and_an_output() {
        let cli = parse(&["lote", "cierres", "--salida", "out"]).expect("parses");
        let Some(Command::Lote(args)) = cli.command else {
            panic!("lote parses as the batch form")
        };
        assert_eq!(args.folder, PathBuf::from("cierres"));
        assert_eq!(args.salida, PathBuf::from("out"));
        let error = parse(&["lote", "cierres"]).expect_err("--salida is required");
        assert_eq!(error.kind(), ErrorKind::MissingRequiredArgument);
        let error =
            parse(&["--libro", "a", "lote", "c", "--salida", "o"]).expect_err("one form at a time");
        assert_ne!(error.kind(), ErrorKind::DisplayHelp);
    }

    #[test]
    fn option_names_without_their_value_names() {
        assert_eq!(option_name("--libro <ARCHIVO>"), "--libro");
        assert_eq!(option_name("--colores"), "--colores");
        assert_eq!(option_name("--salida <SALIDA>"), "--salida");
        assert_eq!(option_name("<CARPETA>"), "CARPETA");
    }
}
