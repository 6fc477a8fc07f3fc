import { Controller, Get, Header } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics.service';

/** Prometheus scrape endpoint. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  render() {
    return this.metrics.registry.metrics();
  }
}
