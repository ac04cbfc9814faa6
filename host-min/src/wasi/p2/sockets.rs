//! `wasi:sockets`, linked as refusals, as preview 1's refusals.rs does:
//! host-min grants directories, not networks. A component that imports
//! sockets (every Python or JavaScript component does) links and runs;
//! a call that would open a socket or look up a name answers
//! `access-denied`.
//!
//! So no socket, datagram stream or lookup stream is ever made, and a
//! method called on one is a handle host-min never gave: it traps, as a
//! forged handle does anywhere. `instance-network` is the one resource
//! handed out, a network through which nothing is allowed.

use super::table::{trap, Entry};
use super::wasi::clocks::monotonic_clock::Duration;
use super::wasi::io::error::Error;
use super::wasi::io::poll::Pollable;
use super::wasi::io::streams::{InputStream, OutputStream};
use super::wasi::sockets::ip_name_lookup::{self, ResolveAddressStream};
use super::wasi::sockets::network::{self, ErrorCode, IpAddress, IpAddressFamily, IpSocketAddress, Network};
use super::wasi::sockets::tcp::{self, ShutdownType, TcpSocket};
use super::wasi::sockets::udp::{
    self, IncomingDatagram, IncomingDatagramStream, OutgoingDatagram, OutgoingDatagramStream, UdpSocket,
};
use super::wasi::sockets::{instance_network, tcp_create_socket, udp_create_socket};
use super::WasiP2;
use wasmtime::component::Resource;

type Refused<T> = wasmtime::Result<Result<T, ErrorCode>>;

/// What every call that would reach the network answers.
fn refused<T>() -> Refused<T> {
    Ok(Err(ErrorCode::AccessDenied))
}

/// A method called on a socket resource, which host-min never makes.
fn never_made<T>() -> wasmtime::Result<T> {
    Err(trap(
        "a socket call on a handle host-min never gave: it offers no sockets",
    ))
}

impl network::Host for WasiP2<'_> {
    /// No socket call ever fails with an `error` resource here.
    fn network_error_code(&mut self, _: Resource<Error>) -> wasmtime::Result<Option<ErrorCode>> {
        Ok(None)
    }
}
impl network::HostNetwork for WasiP2<'_> {
    fn drop(&mut self, network: Resource<Network>) -> wasmtime::Result<()> {
        self.resources.delete(network.rep()).map(|_| ())
    }
}

impl instance_network::Host for WasiP2<'_> {
    fn instance_network(&mut self) -> wasmtime::Result<Resource<Network>> {
        Ok(Resource::new_own(self.resources.push(Entry::Network, None)?))
    }
}

impl tcp_create_socket::Host for WasiP2<'_> {
    fn create_tcp_socket(&mut self, _: IpAddressFamily) -> Refused<Resource<TcpSocket>> {
        refused()
    }
}

impl udp_create_socket::Host for WasiP2<'_> {
    fn create_udp_socket(&mut self, _: IpAddressFamily) -> Refused<Resource<UdpSocket>> {
        refused()
    }
}

impl ip_name_lookup::Host for WasiP2<'_> {
    fn resolve_addresses(&mut self, _: Resource<Network>, _: String) -> Refused<Resource<ResolveAddressStream>> {
        refused()
    }
}

impl ip_name_lookup::HostResolveAddressStream for WasiP2<'_> {
    fn resolve_next_address(&mut self, _: Resource<ResolveAddressStream>) -> Refused<Option<IpAddress>> {
        never_made()
    }
    fn subscribe(&mut self, _: Resource<ResolveAddressStream>) -> wasmtime::Result<Resource<Pollable>> {
        never_made()
    }
    fn drop(&mut self, _: Resource<ResolveAddressStream>) -> wasmtime::Result<()> {
        never_made()
    }
}

type Tcp = Resource<TcpSocket>;

impl tcp::Host for WasiP2<'_> {}
impl tcp::HostTcpSocket for WasiP2<'_> {
    fn start_bind(&mut self, _: Tcp, _: Resource<Network>, _: IpSocketAddress) -> Refused<()> {
        never_made()
    }
    fn finish_bind(&mut self, _: Tcp) -> Refused<()> {
        never_made()
    }
    fn start_connect(&mut self, _: Tcp, _: Resource<Network>, _: IpSocketAddress) -> Refused<()> {
        never_made()
    }
    fn finish_connect(&mut self, _: Tcp) -> Refused<(Resource<InputStream>, Resource<OutputStream>)> {
        never_made()
    }
    fn start_listen(&mut self, _: Tcp) -> Refused<()> {
        never_made()
    }
    fn finish_listen(&mut self, _: Tcp) -> Refused<()> {
        never_made()
    }
    fn accept(&mut self, _: Tcp) -> Refused<(Tcp, Resource<InputStream>, Resource<OutputStream>)> {
        never_made()
    }
    fn local_address(&mut self, _: Tcp) -> Refused<IpSocketAddress> {
        never_made()
    }
    fn remote_address(&mut self, _: Tcp) -> Refused<IpSocketAddress> {
        never_made()
    }
    fn is_listening(&mut self, _: Tcp) -> wasmtime::Result<bool> {
        never_made()
    }
    fn address_family(&mut self, _: Tcp) -> wasmtime::Result<IpAddressFamily> {
        never_made()
    }
    fn set_listen_backlog_size(&mut self, _: Tcp, _: u64) -> Refused<()> {
        never_made()
    }
    fn keep_alive_enabled(&mut self, _: Tcp) -> Refused<bool> {
        never_made()
    }
    fn set_keep_alive_enabled(&mut self, _: Tcp, _: bool) -> Refused<()> {
        never_made()
    }
    fn keep_alive_idle_time(&mut self, _: Tcp) -> Refused<Duration> {
        never_made()
    }
    fn set_keep_alive_idle_time(&mut self, _: Tcp, _: Duration) -> Refused<()> {
        never_made()
    }
    fn keep_alive_interval(&mut self, _: Tcp) -> Refused<Duration> {
        never_made()
    }
    fn set_keep_alive_interval(&mut self, _: Tcp, _: Duration) -> Refused<()> {
        never_made()
    }
    fn keep_alive_count(&mut self, _: Tcp) -> Refused<u32> {
        never_made()
    }
    fn set_keep_alive_count(&mut self, _: Tcp, _: u32) -> Refused<()> {
        never_made()
    }
    fn hop_limit(&mut self, _: Tcp) -> Refused<u8> {
        never_made()
    }
    fn set_hop_limit(&mut self, _: Tcp, _: u8) -> Refused<()> {
        never_made()
    }
    fn receive_buffer_size(&mut self, _: Tcp) -> Refused<u64> {
        never_made()
    }
    fn set_receive_buffer_size(&mut self, _: Tcp, _: u64) -> Refused<()> {
        never_made()
    }
    fn send_buffer_size(&mut self, _: Tcp) -> Refused<u64> {
        never_made()
    }
    fn set_send_buffer_size(&mut self, _: Tcp, _: u64) -> Refused<()> {
        never_made()
    }
    fn subscribe(&mut self, _: Tcp) -> wasmtime::Result<Resource<Pollable>> {
        never_made()
    }
    fn shutdown(&mut self, _: Tcp, _: ShutdownType) -> Refused<()> {
        never_made()
    }
    fn drop(&mut self, _: Tcp) -> wasmtime::Result<()> {
        never_made()
    }
}

type Udp = Resource<UdpSocket>;
type Streams = (Resource<IncomingDatagramStream>, Resource<OutgoingDatagramStream>);

impl udp::Host for WasiP2<'_> {}
impl udp::HostUdpSocket for WasiP2<'_> {
    fn start_bind(&mut self, _: Udp, _: Resource<Network>, _: IpSocketAddress) -> Refused<()> {
        never_made()
    }
    fn finish_bind(&mut self, _: Udp) -> Refused<()> {
        never_made()
    }
    fn stream(&mut self, _: Udp, _: Option<IpSocketAddress>) -> Refused<Streams> {
        never_made()
    }
    fn local_address(&mut self, _: Udp) -> Refused<IpSocketAddress> {
        never_made()
    }
    fn remote_address(&mut self, _: Udp) -> Refused<IpSocketAddress> {
        never_made()
    }
    fn address_family(&mut self, _: Udp) -> wasmtime::Result<IpAddressFamily> {
        never_made()
    }
    fn unicast_hop_limit(&mut self, _: Udp) -> Refused<u8> {
        never_made()
    }
    fn set_unicast_hop_limit(&mut self, _: Udp, _: u8) -> Refused<()> {
        never_made()
    }
    fn receive_buffer_size(&mut self, _: Udp) -> Refused<u64> {
        never_made()
    }
    fn set_receive_buffer_size(&mut self, _: Udp, _: u64) -> Refused<()> {
        never_made()
    }
    fn send_buffer_size(&mut self, _: Udp) -> Refused<u64> {
        never_made()
    }
    fn set_send_buffer_size(&mut self, _: Udp, _: u64) -> Refused<()> {
        never_made()
    }
    fn subscribe(&mut self, _: Udp) -> wasmtime::Result<Resource<Pollable>> {
        never_made()
    }
    fn drop(&mut self, _: Udp) -> wasmtime::Result<()> {
        never_made()
    }
}

impl udp::HostIncomingDatagramStream for WasiP2<'_> {
    fn receive(&mut self, _: Resource<IncomingDatagramStream>, _: u64) -> Refused<Vec<IncomingDatagram>> {
        never_made()
    }
    fn subscribe(&mut self, _: Resource<IncomingDatagramStream>) -> wasmtime::Result<Resource<Pollable>> {
        never_made()
    }
    fn drop(&mut self, _: Resource<IncomingDatagramStream>) -> wasmtime::Result<()> {
        never_made()
    }
}

impl udp::HostOutgoingDatagramStream for WasiP2<'_> {
    fn check_send(&mut self, _: Resource<OutgoingDatagramStream>) -> Refused<u64> {
        never_made()
    }
    fn send(&mut self, _: Resource<OutgoingDatagramStream>, _: Vec<OutgoingDatagram>) -> Refused<u64> {
        never_made()
    }
    fn subscribe(&mut self, _: Resource<OutgoingDatagramStream>) -> wasmtime::Result<Resource<Pollable>> {
        never_made()
    }
    fn drop(&mut self, _: Resource<OutgoingDatagramStream>) -> wasmtime::Result<()> {
        never_made()
    }
}
