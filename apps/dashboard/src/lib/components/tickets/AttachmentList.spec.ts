import { render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestI18n } from '$lib/tickets/testing';
import AttachmentList from './AttachmentList.svelte';
import { attachment } from './factories';

describe('AttachmentList', () => {
  beforeAll(() => setupTestI18n());

  it('shows photos as thumbnails and other files by their extension, each linking to its download', () => {
    render(AttachmentList, {
      attachments: [
        attachment({ id: 'a', fileName: 'stampante.jpg' }),
        attachment({ id: 'b', fileName: 'rapporto.pdf', contentType: 'application/pdf' }),
      ],
    });

    const links = screen.getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/files/a', '/files/b']);
    expect(screen.getByRole('img', { name: 'stampante.jpg' })).toHaveAttribute('src', '/files/a');
    expect(screen.getByText('PDF')).toBeInTheDocument();
    expect(screen.getAllByRole('img')).toHaveLength(1);
  });

  it('renders nothing without attachments', () => {
    const { container } = render(AttachmentList, { attachments: [] });

    expect(container.querySelector('ul')).toBeNull();
  });
});
