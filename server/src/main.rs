//! `pulse` — the one binary: `pulse` (or `pulse serve`) runs the web app,
//! `pulse migrate` only brings the database schema up to date, `pulse check-config`
//! validates the settings, `pulse admin …` runs the operator's commands (for when the
//! web is down).

use app::platform::config::Config;
use std::process::ExitCode;

const USAGE: &str = "usage: pulse [serve [--role web|worker|all] | migrate | check-config | admin COMMAND | --help]

  serve                          run the web app and the background work (default)
        --role web               only the web app (many replicas behind a load balancer)
        --role worker            only the background work (sweepers, jobs); answers
                                 /healthz and /readyz (metrics on METRICS_ADDR).
                                 PULSE_ROLE sets the same.
  migrate                        apply database migrations and exit
  check-config                   validate the configuration and exit
  admin users [SEARCH]           the newest users (or those whose email contains SEARCH)
  admin suspend EMAIL            suspend an account; its sessions end at once
  admin unsuspend EMAIL          make a suspended account active again
  admin grant-addon EMAIL KIND   credit an add-on (tokens, images or video) to the
                                 current period
  admin grant-plan EMAIL PLAN    start a one-month period of PLAN (starter, pro, creator)
                                 for the account of EMAIL (created if needed)
  admin stats                    users, paying users, revenue, cost, failed jobs (30 days)
Settings come from the environment and ./.env; see .env.example.";

#[tokio::main]
async fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    server::telemetry::init_logs(config.log_format);
    match command.as_str() {
        "check-config" => {
            println!("configuration OK ({:?} mode)", config.mode);
            ExitCode::SUCCESS
        }
        "migrate" => match app::platform::db::Db::connect(&config.database_url, 1).await {
            Ok(db) => match db.migrate().await {
                Ok(()) => {
                    println!("migrations applied");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            },
            Err(e) => fail(&e.to_string()),
        },
        "admin" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            match server::build_state(config).await {
                Ok(state) => match app::features::admin::cli::run(&state, &args).await {
                    Ok(text) => {
                        print!("{text}");
                        if !text.ends_with('\n') {
                            println!();
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(&format!("{e}\n{USAGE}")),
                },
                Err(e) => fail(&e.to_string()),
            }
        }
        "serve" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let role_arg = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                [] => std::env::var("PULSE_ROLE").ok().filter(|r| !r.is_empty()).unwrap_or_else(|| "all".into()),
                ["--role", r] => r.to_string(),
                [r] if r.starts_with("--role=") => r.trim_start_matches("--role=").to_string(),
                _ => return fail(&format!("usage: pulse serve [--role web|worker|all]\n{USAGE}")),
            };
            let Some(role) = server::Role::parse(&role_arg) else {
                return fail(&format!("--role must be web, worker or all, not `{role_arg}`"));
            };
            let state = match server::build_state(config).await {
                Ok(s) => s,
                Err(e) => return fail(&e.to_string()),
            };
            match server::serve(state, role).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e.to_string()),
            }
        }
        other => fail(&format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("pulse: {message}");
    tracing::error!(%message, "start-up failed");
    ExitCode::from(2)
}
