/**
 * CPU per delivered message for every process of a cluster: {@link
 * dev.parley.bench.cpu.ClusterProcesses} reads the pid files {@code cluster/start.sh} keeps, {@link
 * dev.parley.bench.cpu.CpuSample} takes one reading of them (with their children), the bench itself
 * and the machine from {@code /proc}, and {@link dev.parley.bench.cpu.ClusterCpu} turns two
 * readings and a delivery count into the figures the chat bench prints.
 */
package dev.parley.bench.cpu;
