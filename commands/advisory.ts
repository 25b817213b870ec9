import { defineCommand } from './context';
import { noticeForReply } from '../src/newsroom/notice';

export default defineCommand(
  {
    name: 'advisory',
    description: 'Official COVID-19 information: the CDC link',
    options: [],
  },
  (ctx) => {
    const notice = noticeForReply(ctx.notices.covid);
    return {
      title: 'COVID-19 information',
      url: notice.url,
      text: `For official information about COVID-19, see ${notice.linkText}: ${notice.url}`,
      notice,
      visibility: 'public',
    };
  },
);
