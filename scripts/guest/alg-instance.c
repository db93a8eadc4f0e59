// SPDX-License-Identifier: GPL-2.0
/*
 * Instantiate a crypto API template by name through AF_ALG, e.g.
 * "pcrypt(gcm(aes))": binding a socket to it makes the kernel build and
 * register the instance, which then stays registered, so that every
 * later user of the algorithm ("gcm(aes)") gets it if its priority is
 * the highest. The benchmark uses this to run the driver over pcrypt.
 *
 *   alg-instance TYPE NAME...     (TYPE: aead, skcipher, hash)
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	int i, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: %s TYPE NAME...\n", argv[0]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
		if (fd < 0) {
			perror("socket(AF_ALG)");
			return 1;
		}
		snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s",
			 argv[1]);
		snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s",
			 argv[i]);
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			fprintf(stderr, "%s: ", argv[i]);
			perror("bind");
			close(fd);
			return 1;
		}
		close(fd);
	}
	return 0;
}
