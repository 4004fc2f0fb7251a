//! The whole pipeline on the distributed runtime: real nats-server (JetStream) and real
//! postgres, each role started separately as its own "process" with its own connections.

use std::sync::Arc;
use std::time::Duration;

use trialsift::system::{self, BusChoice, SystemSettings};
use trialsift_bus::Bus;
use trialsift_domain::Stage;
use trialsift_e2e::{
    any_port, client_for, seed, seed_scenario, submit, test_settings, wait_for_records,
};
use trialsift_testkit::nats::NatsServer;
use trialsift_testkit::postgres::PostgresServer;

struct Cluster {
    nats: NatsServer,
    _postgres: PostgresServer,
    settings: SystemSettings,
}

fn cluster(database: &str) -> Cluster {
    let nats = NatsServer::start().expect("nats-server starts");
    let postgres = PostgresServer::start().expect("postgres starts");
    let store_url = postgres.create_database(database).expect("database created");
    let settings = test_settings(BusChoice::Nats(nats.url()), store_url);
    Cluster { nats, _postgres: postgres, settings }
}

fn gateway_only(settings: &SystemSettings) -> SystemSettings {
    SystemSettings { gateway: Some(any_port()), ..settings.clone() }
}

fn query_only(settings: &SystemSettings) -> SystemSettings {
    SystemSettings { query: Some(any_port()), ..settings.clone() }
}

fn workers_only(settings: &SystemSettings, stage: Stage) -> SystemSettings {
    SystemSettings { workers: vec![(stage, 1)], ..settings.clone() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeds_flow_end_to_end_across_separate_roles() {
    let cluster = cluster("seeds");
    let gateway = system::start(gateway_only(&cluster.settings)).await.expect("gateway starts");
    let query = system::start(query_only(&cluster.settings)).await.expect("query starts");
    let mut workers = Vec::new();
    for stage in Stage::ALL {
        // Two replicas of each stage share its durable consumer.
        for _ in 0..2 {
            workers.push(
                system::start(workers_only(&cluster.settings, stage)).await.expect("worker starts"),
            );
        }
    }
    let client = client_for(&gateway, &query).await;
    seed_scenario(&client).await;

    for worker in workers {
        worker.shutdown().await.expect("worker stops");
    }
    gateway.shutdown().await.expect("gateway stops");
    query.shutdown().await.expect("query stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_taken_by_a_crashed_worker_is_finished_by_the_next() {
    let cluster = cluster("crash");
    let gateway = system::start(gateway_only(&cluster.settings)).await.expect("gateway starts");
    let query = system::start(query_only(&cluster.settings)).await.expect("query starts");
    let client = client_for(&gateway, &query).await;
    let document = seed("004");
    let id = submit(&client, &document.name, &document.text).await.expect("accepted").document_id;

    // A splitter replica takes the message and dies before acknowledging it.
    let bus: Arc<dyn Bus> =
        system::connect_bus(&cluster.settings.bus, &cluster.settings.bus_settings)
            .await
            .expect("bus connects");
    let mut consumer = bus.consumer(Stage::Split).await.expect("consumer opens");
    let taken = consumer.fetch(10, Duration::from_secs(5)).await.expect("fetch answers");
    assert_eq!(taken.len(), 1, "the crashed replica held the document");
    drop(taken);
    drop(consumer);
    drop(bus);

    let mut workers = Vec::new();
    for stage in Stage::ALL {
        workers.push(
            system::start(workers_only(&cluster.settings, stage)).await.expect("worker starts"),
        );
    }
    let records =
        wait_for_records(&client, std::slice::from_ref(&id), Duration::from_secs(30)).await;
    assert_eq!(records[0].document_id.as_str(), id);

    for worker in workers {
        worker.shutdown().await.expect("worker stops");
    }
    gateway.shutdown().await.expect("gateway stops");
    query.shutdown().await.expect("query stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_refuses_what_it_cannot_keep_and_work_resumes_after_an_outage() {
    let mut cluster = cluster("outage");
    let mut roles = gateway_only(&cluster.settings);
    roles.query = Some(any_port());
    roles.workers = Stage::ALL.iter().map(|stage| (*stage, 1)).collect();
    let system = system::start(roles).await.expect("system starts");
    let client = client_for(&system, &system).await;

    cluster.nats.stop().expect("nats stops");
    let document = seed("001");
    let refused = submit(&client, &document.name, &document.text)
        .await
        .expect_err("refused while the bus is down");
    assert_eq!(refused.code(), tonic::Code::Unavailable, "{refused:?}");

    cluster.nats.restart().expect("nats restarts");
    let mut accepted = None;
    for _ in 0..50 {
        match submit(&client, &document.name, &document.text).await {
            Ok(response) => {
                accepted = Some(response);
                break;
            }
            Err(status) => {
                assert_eq!(status.code(), tonic::Code::Unavailable, "{status:?}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    let accepted = accepted.expect("accepted once the bus is back");
    let records = wait_for_records(
        &client,
        std::slice::from_ref(&accepted.document_id),
        Duration::from_secs(60),
    )
    .await;
    assert_eq!(records[0].study.registry_ids, ["NCT03171194"]);
    system.shutdown().await.expect("system stops");
}
