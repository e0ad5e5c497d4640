import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, effect, inject, input, viewChild } from '@angular/core';
import { loadECharts, type EChartsCore } from './echarts-loader';

export interface BarSeries {
  name: string;
  values: Array<number | null>;
}

let echartsPromise: Promise<EChartsCore> | null = null;

/**
 * One bar chart. The picture is decorative for screen readers (aria-hidden): every chart on the
 * page has the same numbers as a table right below it.
 */
@Component({
  selector: 'ag-dashboard-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div #host class="chart" aria-hidden="true"></div>`,
  styles: `
    .chart {
      width: 100%;
      height: 280px;
    }
  `,
})
export class DashboardChart {
  readonly categories = input.required<string[]>();
  readonly series = input.required<BarSeries[]>();
  readonly stacked = input(false);
  readonly unit = input('');
  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private chart: ReturnType<EChartsCore['init']> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.chart?.dispose());
    effect(() => {
      const categories = this.categories();
      const series = this.series();
      const stacked = this.stacked();
      const unit = this.unit();
      const el = this.host().nativeElement;
      echartsPromise ??= loadECharts();
      void echartsPromise.then((echarts) => {
        this.chart ??= echarts.init(el, undefined, { renderer: 'svg' });
        this.chart.setOption(
          {
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 48, right: 16, top: 40, bottom: 56 },
            xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
            yAxis: { type: 'value', axisLabel: { formatter: `{value}${unit}` } },
            series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, ...(stacked ? { stack: 'total' } : {}) })),
          },
          true,
        );
      });
    });
  }
}
